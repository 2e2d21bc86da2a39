"""test_ncpserv_hostile.py - ncpserv against a hostile client: raw IPX/NCP
frames from the host, the way an attacker on the wire (or another local
process) would send them.

Each test starts its own ncpserv on loopback whose one peer is the test's
UDP socket; every "station" below is a MAC and IPX address inside the
frames the test sends through that socket. What is tried: links that lead
out of the volume and links inside it, another connection's file handles,
directory handles and searches, writing without a login, filling the
connection table and the watchdog freeing it, writes past the size limit
and past the volume's limit, patterns that once never finished, names that
are not files, resets and datagrams from the wrong place (and, with no
--peer, from a second port after the first), password guessing, 100,000
random and mutated frames, after which a good client must still be served
within its time-outs and nothing outside the volume may have changed, read
directly and through links planted in it, and SIGTERM in the middle of such
a flood. A failing test keeps its folder under
build/test-results/ncpserv-hostile/<test>/.
"""
import os
import random
import select
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time

import pytest

from test_ncpserv import CLIENT, CONTROL_KEY, FIXTURES, NCPSERV, free_udp_port

BUILD = os.environ.get("IRPLAB_BUILD", os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build"))
RESULTS = os.path.join(BUILD, "test-results", "ncpserv-hostile")
SERVER_MAC = bytes.fromhex("024e57000001")
NETWORK = 0x1234
FLOOD_FRAMES = 100_000

pytestmark = pytest.mark.skipif(
    not (os.access(NCPSERV, os.X_OK) and os.access(CLIENT, os.X_OK)),
    reason="ncpserv or ncpclient not built: run through make test")

# NCP completion codes NetWare uses for what is tried here.
OK, NO_SPACE, NO_CREATE, BAD_HANDLE, NO_DELETE = 0x00, 0x01, 0x84, 0x88, 0x8A
NO_WRITE, BAD_DIR_HANDLE, INVALID_PATH = 0x94, 0x9B, 0x9C
INTRUDER_LOCKOUT, BAD_PASSWORD, NO_SLOTS, FAILURE = 0xC5, 0xDE, 0xF9, 0xFF


def tree(top):
    """Every name under top (followed, if top is a link), with a file's bytes
    (None for a folder)."""
    names = {}
    for folder, folders, files in os.walk(top):
        for name in folders:
            names[os.path.relpath(os.path.join(folder, name), top)] = None
        for name in files:
            with open(os.path.join(folder, name), "rb") as f:
                names[os.path.relpath(os.path.join(folder, name), top)] = f.read()
    return names


class Wire:
    """The peer's UDP socket and the ncpserv behind it. The stations here log
    in with the unencrypted 0x17/0x14 (what is attacked is not the login),
    so the server allows it."""

    def __init__(self, folder, *options):
        self.folder = folder
        self.root = os.path.join(folder, "root")
        self.outside = os.path.join(folder, "outside")
        os.makedirs(self.outside)
        with open(os.path.join(self.outside, "SECRET.TXT"), "w") as f:
            f.write("not for the wire\n")
        self.port = free_udp_port()
        self.log_path = os.path.join(folder, "ncpserv.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [NCPSERV, "--listen", "127.0.0.1:0", "--root", self.root, "--fixtures", FIXTURES,
             "--peer", f"127.0.0.1:{self.port}", "--control-key", CONTROL_KEY, "-v",
             "--allow-unencrypted", *options],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 5)
        line = self.proc.stdout.readline() if ready else ""
        assert "ready on 127.0.0.1:" in line, line
        self.server = ("127.0.0.1", int(line.split(":")[-1]))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.sock.bind(("127.0.0.1", self.port))
        self.inbox = []

    def send(self, frame):
        self.sock.sendto(frame, self.server)

    def receive(self, accept, timeout=1.0):
        """The first frame accept(frame) takes, kept ones first; None on time-out."""
        for frame in self.inbox:
            if accept(frame):
                self.inbox.remove(frame)
                return frame
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.sock], [], [], deadline - time.monotonic())
            if not ready:
                break
            frame = self.sock.recv(2048)
            if accept(frame):
                return frame
            self.inbox.append(frame)
        return None

    def drain(self):
        self.inbox = []
        while select.select([self.sock], [], [], 0)[0]:
            self.sock.recv(2048)

    def outside_state(self):
        return tree(self.outside)

    def stop(self):
        self.sock.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()
        return self.proc.returncode


def ipx_frame(src_mac, src_node, src_socket, dst_socket, payload, packet_type=0x11,
              dst_mac=SERVER_MAC, dst_node=SERVER_MAC, network=NETWORK):
    header = struct.pack(">HHBBI6sHI6sH", 0xFFFF, 30 + len(payload), 0, packet_type,
                         network, dst_node, dst_socket, network, src_node, src_socket)
    frame = dst_mac + src_mac + b"\x81\x37" + header + payload
    return frame + bytes(max(0, 60 - len(frame)))


def ncp_string(text):
    data = text if isinstance(text, bytes) else text.encode("latin-1")
    return bytes([len(data)]) + data


def family(sub, data=b""):
    return struct.pack(">HB", 1 + len(data), sub) + data


class Station:
    """A client at (MAC, IPX socket) with one NCP connection."""

    def __init__(self, wire, mac_last, socket_no=0x4100):
        self.wire = wire
        self.mac = bytes([0x02, 0, 0, 0, 0x66, mac_last])
        self.socket = socket_no
        self.connection = None
        self.sequence = 0

    def frame(self, payload, dst_socket=0x0451, packet_type=0x11):
        return ipx_frame(self.mac, self.mac, self.socket, dst_socket, payload, packet_type)

    def mine(self, frame):
        return frame[0:6] == self.mac and frame[14 + 16:14 + 18] == struct.pack(">H", self.socket)

    def connect(self):
        """Creates a connection; returns the completion code."""
        self.wire.send(self.frame(struct.pack(">HBBBBB", 0x1111, 0, 0xFF, 1, 0xFF, 0)))
        reply = self.wire.receive(lambda f: self.mine(f) and f[44:46] == b"\x33\x33")
        assert reply is not None, "no answer to a create"
        if reply[50] == OK:
            self.connection = reply[47] | reply[49] << 8
            self.sequence = 0
        return reply[50]

    def call(self, function, body=b"", expect_reply=True, timeout=1.0, tries=1):
        """One 0x2222 request, sent again unchanged (the server answers a
        repeat from its cache) up to TRIES times in all; returns
        (completion, reply data) or None."""
        self.sequence = (self.sequence + 1) & 0xFF
        c = self.connection
        head = struct.pack(">HBBBBB", 0x2222, self.sequence, c & 0xFF, 1, c >> 8, function)
        seq, reply = self.sequence, None
        for _ in range(tries):
            self.wire.send(self.frame(head + body))
            if not expect_reply:
                return None
            reply = self.wire.receive(lambda f: self.mine(f) and f[44:46] == b"\x33\x33" and
                                      f[46] == seq, timeout)
            if reply is not None:
                break
        if reply is None:
            return None
        length = struct.unpack(">H", reply[16:18])[0]
        return reply[50], reply[52:14 + length]

    def login(self, user="SUPERVISOR", password="SECRET"):
        return self.call(0x17, family(0x14, struct.pack(">H", 1) + ncp_string(user) +
                                      ncp_string(password)))[0]

    def dir_handle(self, path, permanent=False):
        code, data = self.call(0x16, family(0x12 if permanent else 0x13,
                                            b"\x00" + b"F" + ncp_string(path)))
        return code, (data[0] if code == OK else None)

    def search_init(self, path, handle=0):
        code, data = self.call(0x3E, bytes([handle]) + ncp_string(path))
        return code, (struct.unpack(">BHHB", data[:6]) if code == OK else None)

    def search_next(self, volume, dir_id, sequence=0xFFFF, pattern="*", attributes=0):
        body = struct.pack(">BHHB", volume, dir_id, sequence, attributes) + ncp_string(pattern)
        return self.call(0x3F, body)

    def list(self, path, handle=0):
        code, init = self.search_init(path, handle)
        assert code == OK, hex(code)
        names, sequence = [], 0xFFFF
        while True:
            code, data = self.search_next(init[0], init[1], sequence)
            if code != OK:
                return names
            sequence = struct.unpack(">H", data[:2])[0]
            names.append(data[4:18].rstrip(b"\0").decode())

    def open(self, handle, name, access=0x01, function=0x4C):
        body = bytes([handle, 0x06]) + (bytes([access]) if function == 0x4C else b"")
        code, data = self.call(function, body + ncp_string(name))
        return code, (data[:6] if code == OK else None)

    def create(self, handle, name, function=0x4D):
        code, data = self.call(function, bytes([handle, 0]) + ncp_string(name))
        return code, (data[:6] if code == OK else None)

    def write(self, file_handle, offset, data):
        body = b"\x00" + file_handle + struct.pack(">IH", offset, len(data)) + data
        return self.call(0x49, body)[0]

    def read(self, file_handle, offset, count):
        return self.call(0x48, b"\x00" + file_handle + struct.pack(">IH", offset, count))[0]

    def close(self, file_handle):
        return self.call(0x42, b"\x00" + file_handle)[0]

    def size(self, file_handle):
        return self.call(0x47, b"\x00" + file_handle)[0]

    def commit(self, file_handle):
        return self.call(0x3D, b"\x00" + file_handle)[0]

    def rename(self, handle, old, new_handle, new):
        return self.call(0x45, bytes([handle, 0x06]) + ncp_string(old) + bytes([new_handle]) +
                         ncp_string(new))[0]

    def erase(self, handle, pattern):
        return self.call(0x44, bytes([handle, 0x06]) + ncp_string(pattern))[0]


@pytest.fixture
def wire(request):
    """Starts ncpserv with the test's options (the 'ncpserv_options' marker)."""
    folder = tempfile.mkdtemp(prefix="ncpserv-hostile-")
    marker = request.node.get_closest_marker("ncpserv_options")
    w = Wire(folder, *(marker.args if marker else ()))
    failures = request.session.testsfailed
    yield w
    status = w.stop()
    if request.session.testsfailed != failures:
        target = os.path.join(RESULTS, request.node.name)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("root"))
    shutil.rmtree(folder, ignore_errors=True)
    assert status == 0, "ncpserv did not end cleanly on SIGTERM"


def logged_in(wire, mac_last=1):
    station = Station(wire, mac_last)
    assert station.connect() == OK
    assert station.login() == OK
    return station


def test_links_that_lead_out_of_the_volume_are_refused(wire):
    public = os.path.join(wire.root, "SYS", "PUBLIC")
    os.symlink(wire.outside, os.path.join(public, "EVIL"))
    os.symlink(os.path.join(wire.outside, "SECRET.TXT"), os.path.join(public, "LINK.TXT"))
    before = wire.outside_state()
    a = logged_in(wire)
    code, pub = a.dir_handle("SYS:PUBLIC")
    assert code == OK
    assert a.dir_handle("SYS:PUBLIC\\EVIL")[0] == INVALID_PATH
    assert a.search_init("SYS:PUBLIC\\EVIL")[0] == INVALID_PATH
    assert a.open(pub, "LINK.TXT")[0] == FAILURE
    assert a.open(pub, "EVIL\\SECRET.TXT")[0] == FAILURE
    assert a.create(pub, "LINK.TXT", function=0x43)[0] != OK        # would truncate
    assert a.create(pub, "EVIL\\NEW.TXT")[0] != OK
    assert a.erase(pub, "LINK.TXT") == FAILURE
    assert a.erase(pub, "EVIL\\*.*") == INVALID_PATH
    for path in ("SYS:..", "SYS:PUBLIC\\..\\..", "SYS:\\..\\..\\ETC", "MAIL:..\\SYS"):
        assert a.dir_handle(path)[0] == INVALID_PATH, path
    assert a.rename(pub, "LINK.TXT", pub, "MINE.TXT") == FAILURE      # a link is no file
    assert a.rename(pub, "EVIL\\SECRET.TXT", pub, "MINE.TXT") == INVALID_PATH
    assert a.rename(pub, "README.TXT", pub, "EVIL\\README.TXT") == INVALID_PATH
    assert a.rename(pub, "README.TXT", pub, "..\\..\\README.TXT") == INVALID_PATH
    assert a.call(0x16, family(0x0A, bytes([pub, 0xFF]) + ncp_string("EVIL\\NEW")))[0] == \
        INVALID_PATH
    assert a.call(0x16, family(0x0B, bytes([pub, 0]) + ncp_string("EVIL")))[0] == INVALID_PATH
    assert a.call(0x17, family(0x0F, b"\xff\xff" + bytes([pub, 0x06]) +
                               ncp_string("LINK.TXT")))[0] == FAILURE
    assert "EVIL" not in a.list("SYS:PUBLIC") and "LINK.TXT" not in a.list("SYS:PUBLIC")
    assert wire.outside_state() == before


def test_links_inside_the_volume_do_not_widen_the_login_boundary(wire):
    os.symlink("../SYSTEM", os.path.join(wire.root, "SYS", "LOGIN", "X"))
    b = Station(wire, 2)
    assert b.connect() == OK
    code, login = b.dir_handle("SYS:LOGIN")
    assert code == OK
    assert b.list("SYS:LOGIN") == ["LOGIN.TXT"]
    assert b.dir_handle("SYS:LOGIN\\X")[0] == INVALID_PATH
    assert b.search_init("SYS:LOGIN\\X")[0] == INVALID_PATH
    assert b.open(login, "X\\AUTOEXEC.NCF")[0] == FAILURE
    assert b.search_init("SYS:SYSTEM")[0] == INVALID_PATH
    assert b.login() == OK                                  # and logged in, still no link
    assert b.dir_handle("SYS:LOGIN\\X")[0] == INVALID_PATH


def test_handles_and_searches_belong_to_their_connection(wire):
    a = logged_in(wire, 1)
    b = Station(wire, 2)
    assert b.connect() == OK
    code, (volume, dir_id, _, _) = a.search_init("SYS:SYSTEM")
    assert code == OK
    assert b.search_next(volume, dir_id)[0] == FAILURE           # not b's search
    assert a.search_next(volume, dir_id)[0] == OK
    code, pub = a.dir_handle("SYS:PUBLIC")
    code, handle = a.open(pub, "README.TXT")
    assert code == OK
    assert b.read(handle, 0, 16) == BAD_HANDLE
    assert b.close(handle) == BAD_HANDLE
    assert b.open(pub, "README.TXT")[0] == BAD_DIR_HANDLE
    c = logged_in(wire, 3)                                  # logged in, but not a's
    assert c.search_next(volume, dir_id)[0] == FAILURE
    assert c.read(handle, 0, 16) == BAD_HANDLE
    assert a.read(handle, 0, 16) == OK and a.close(handle) == OK


def test_another_connections_handles_write_nothing_and_name_nothing(wire):
    """c is logged in, so what refuses it is whose handle it used, not its
    rights; a's same requests succeed afterwards."""
    public = os.path.join(wire.root, "SYS", "PUBLIC")
    a = logged_in(wire, 1)
    c = logged_in(wire, 3)
    assert a.dir_handle("SYS:LOGIN")[0] == OK                   # a's 1; c will have 1 too
    code, pub = a.dir_handle("SYS:PUBLIC")
    assert code == OK and pub != 1
    code, handle = a.create(pub, "MINE.TXT")
    assert code == OK and a.write(handle, 0, b"a's") == OK
    assert c.write(handle, 0, b"c was here") == BAD_HANDLE
    assert c.write(handle, 1 << 20, b"") == BAD_HANDLE          # nor a size through it
    assert c.commit(handle) == BAD_HANDLE
    assert c.size(handle) == BAD_HANDLE
    code, own = c.dir_handle("SYS:PUBLIC")
    assert code == OK and own != pub
    assert c.search_init("", pub)[0] == BAD_DIR_HANDLE
    assert c.search_init("README.TXT", pub)[0] == BAD_DIR_HANDLE
    assert c.erase(pub, "MINE.TXT") == BAD_DIR_HANDLE
    assert c.erase(pub, "*.*") == BAD_DIR_HANDLE
    assert c.rename(pub, "MINE.TXT", own, "THEIRS.TXT") == BAD_DIR_HANDLE
    assert c.rename(own, "README.TXT", pub, "THEIRS.TXT") == BAD_DIR_HANDLE
    assert sorted(os.listdir(public)) == ["MINE.TXT", "README.TXT", "SAMPLE.DAT"]
    assert open(os.path.join(public, "MINE.TXT"), "rb").read() == b"a's"
    assert a.commit(handle) == OK and a.size(handle) == OK and a.close(handle) == OK
    assert a.search_init("", pub)[0] == OK
    assert a.rename(pub, "MINE.TXT", pub, "THEIRS.TXT") == OK
    assert a.erase(pub, "THEIRS.TXT") == OK


def test_a_station_that_has_not_logged_in_writes_nothing(wire):
    login_txt = os.path.join(wire.root, "SYS", "LOGIN", "LOGIN.TXT")
    before = open(login_txt, "rb").read()
    b = Station(wire, 2)
    assert b.connect() == OK
    code, login = b.dir_handle("SYS:LOGIN")
    assert code == OK
    assert b.create(login, "NEW.TXT")[0] == NO_CREATE
    assert b.create(login, "LOGIN.TXT", function=0x43)[0] == NO_CREATE
    assert b.open(login, "LOGIN.TXT", access=0x03)[0] == NO_WRITE
    assert b.erase(login, "*.*") == NO_DELETE
    code, handle = b.open(login, "LOGIN.TXT", function=0x41)   # old open: read-only now
    assert code == OK
    assert b.write(handle, 0, b"owned") == NO_WRITE
    assert b.write(handle, 0, b"") == NO_WRITE                 # a truncation is a write
    assert b.read(handle, 0, 8) == OK
    assert open(login_txt, "rb").read() == before
    assert sorted(os.listdir(os.path.dirname(login_txt))) == ["LOGIN.TXT"]


@pytest.mark.ncpserv_options("--connections", "8", "--station-connections", "4",
                             "--watchdog", "2")
def test_the_table_cannot_be_held_by_one_station_and_dead_ones_are_freed(wire):
    hog = [Station(wire, 1, 0x4100 + 2 * i) for i in range(5)]
    assert [s.connect() for s in hog] == [OK] * 4 + [NO_SLOTS]      # a station's share
    live = [Station(wire, 2, 0x4200 + 2 * i) for i in range(4)]
    assert [s.connect() for s in live] == [OK] * 4
    assert all(s.login() == OK for s in hog[:4] + live)
    late = Station(wire, 3, 0x4300)
    assert late.connect() == NO_SLOTS                       # full, and all logged in
    # The watchdog polls each connection on its socket + 1; live answers, hog does not.
    polled, deadline = set(), time.monotonic() + 15
    while time.monotonic() < deadline and late.connect() != OK:
        for s in live:
            poll = wire.receive(lambda f: f[0:6] == s.mac and
                                f[44:46] == bytes([s.connection & 0xFF, ord("?")]), 0.05)
            if poll is not None:
                polled.add(s.socket)
                wire.send(ipx_frame(s.mac, s.mac, s.socket + 1, 0x0451,
                                    bytes([s.connection & 0xFF, ord("Y")]), 0))
        time.sleep(0.2)
    assert late.connection is not None, "no slot came free"
    assert polled, "no watchdog poll was seen"
    with open(wire.log_path) as log:
        assert "watchdog: connection" in log.read()
    for s in live:                                              # still served
        assert s.call(0x21, struct.pack(">H", 512))[0] == OK
    # Connections that never logged in give way when the table is full.
    assert late.login() == OK
    squatters = [Station(wire, 4 + i, 0x4400) for i in range(3)]
    assert [s.connect() for s in squatters] == [OK] * 3
    newcomer = Station(wire, 9, 0x4500)
    assert newcomer.connect() == OK
    assert squatters[0].call(0x21, struct.pack(">H", 512))[0] == FAILURE   # evicted
    assert squatters[1].call(0x21, struct.pack(">H", 512))[0] == OK


@pytest.mark.ncpserv_options("--max-file-size", "65536")
def test_writes_past_the_size_limit_are_refused(wire):
    a = logged_in(wire)
    code, pub = a.dir_handle("SYS:PUBLIC")
    code, handle = a.create(pub, "BIG.DAT")
    assert code == OK
    assert a.write(handle, 1 << 30, b"xy") == NO_SPACE
    assert a.write(handle, 0xFFFFFFFF, b"xy") == NO_SPACE
    assert a.write(handle, 65535, b"xy") == NO_SPACE
    assert a.write(handle, 1 << 30, b"") == NO_SPACE
    assert a.write(handle, 65534, b"xy") == OK
    assert os.path.getsize(os.path.join(wire.root, "SYS", "PUBLIC", "BIG.DAT")) == 65536


def reset(wire, station):
    """The harness's control reset, with its key; True when answered."""
    message = struct.pack(">IBBI", 0x4E53434C, 1, 0, 0) + bytes.fromhex(CONTROL_KEY)
    wire.send(station.frame(message, dst_socket=0x8F00, packet_type=0))
    return wire.receive(lambda f: station.mine(f), 2) is not None


@pytest.mark.ncpserv_options("--max-file-size", "65536", "--volume-limit", "100000")
def test_a_volume_grows_no_more_than_its_limit_since_the_reset(wire):
    """SYS's files may hold 100,000 bytes more than at the reset: growth
    counts (a hole too), overwriting does not, erasing, emptying and
    shortening give back; MAIL has its own 100,000; a reset starts again."""
    public = os.path.join(wire.root, "SYS", "PUBLIC")
    sizes = lambda: [os.path.getsize(os.path.join(public, n)) for n in ("A.DAT", "B.DAT", "C.DAT")]
    a = logged_in(wire)
    code, pub = a.dir_handle("SYS:PUBLIC")
    first, second, third = (a.create(pub, n)[1] for n in ("A.DAT", "B.DAT", "C.DAT"))
    assert a.write(first, 65535, b"x") == OK                    # 65,536, most of it a hole
    assert a.write(second, 0, bytes(1000)) == OK
    assert a.write(second, 34463, b"y") == OK                   # 100,000 in all: full
    assert a.write(second, 34464, b"z") == NO_SPACE
    assert a.write(third, 0, b"z") == NO_SPACE
    assert a.write(third, 10, b"") == NO_SPACE                  # a longer end is growth too
    assert a.write(first, 0, b"w" * 1000) == OK                 # overwriting is not
    assert sizes() == [65536, 34464, 0]
    assert a.write(first, 1000, b"") == OK                      # shortening gives 64,536 back
    assert a.write(third, 0, bytes(1000)) == OK
    assert a.write(third, 64536, b"z") == NO_SPACE              # 63,536 left, not one more
    assert a.write(third, 64535, b"z") == OK
    assert sizes() == [1000, 34464, 64536]
    assert a.write(second, 34464, b"z") == NO_SPACE
    assert a.close(second) == OK and a.erase(pub, "B.DAT") == OK  # erasing gives back
    code, second = a.create(pub, "B.DAT")
    assert a.write(second, 34463, b"y") == OK
    assert a.write(second, 34464, b"y") == NO_SPACE
    assert a.create(pub, "C.DAT", function=0x43)[0] == OK       # emptying gives back
    assert a.write(second, 65535, b"y") == OK                   # 66,536 used, 33,464 left
    assert sizes() == [1000, 65536, 0]
    code, p1 = a.dir_handle("MAIL:MAILDATA\\P1")               # another volume
    code, mail = a.create(p1, "BIG.DAT")
    assert a.write(mail, 65535, b"m") == OK
    assert reset(wire, a)
    b = logged_in(wire, 2)
    code, pub = b.dir_handle("SYS:PUBLIC")
    code, fresh = b.create(pub, "NEW.DAT")
    assert b.write(fresh, 65535, b"n") == OK
    code, more = b.create(pub, "MORE.DAT")
    assert b.write(more, 34463, b"n") == OK
    assert b.write(more, 34464, b"n") == NO_SPACE


def test_pathological_patterns_cost_little(wire):
    a = logged_in(wire)
    code, (volume, dir_id, _, _) = a.search_init("SYS:PUBLIC")
    code, pub = a.dir_handle("SYS:PUBLIC")
    start = time.monotonic()
    assert a.search_next(volume, dir_id, pattern="*" * 200 + "Q")[0] == FAILURE
    assert a.search_next(volume, dir_id, pattern="\xaa?" * 120 + "Q")[0] == FAILURE
    assert a.erase(pub, "*" * 250 + "Z") == FAILURE
    assert time.monotonic() - start < 2
    started = time.monotonic()
    wire.proc.send_signal(signal.SIGTERM)
    wire.proc.wait(timeout=5)
    assert time.monotonic() - started < 2


def test_names_that_are_not_files_are_refused(wire):
    public = os.path.join(wire.root, "SYS", "PUBLIC")
    before = sorted(os.listdir(public))
    a = logged_in(wire)
    code, pub = a.dir_handle("SYS:PUBLIC")
    for name in (b"CON", b"NUL.TXT", b"LPT1.DAT", b"AUX", b"CLOCK$", b"FILE.", b"A\0B.TXT",
                 b"README.TXT\0X"):
        assert a.create(pub, name)[0] == INVALID_PATH, name
        assert a.create(pub, name, function=0x43)[0] == INVALID_PATH, name
    assert a.open(pub, b"README.TXT\0.EXE")[0] == INVALID_PATH
    assert a.call(0x17, family(0x14, struct.pack(">H", 1) + ncp_string(b"GUEST\0X") +
                               ncp_string(b"")))[0] == 0xFC
    assert sorted(os.listdir(public)) == before


def test_the_control_plane_is_not_on_the_wire(wire):
    a = logged_in(wire)
    code, pub = a.dir_handle("SYS:PUBLIC")
    code, handle = a.create(pub, "KEEP.TXT")
    assert code == OK and a.close(handle) == OK
    mallory = Station(wire, 9, 0x4444)
    plain = struct.pack(">IBBI", 0x4E53434C, 1, 0, 0)
    for message in (plain, plain + bytes(8), plain + bytes.fromhex("1e2d3c4b5a697886")):
        wire.send(mallory.frame(message, dst_socket=0x8F00, packet_type=0))
        assert wire.receive(lambda f: f[0:6] == mallory.mac, 0.3) is None
    assert a.call(0x21, struct.pack(">H", 512))[0] == OK            # no reset happened
    assert os.path.exists(os.path.join(wire.root, "SYS", "PUBLIC", "KEEP.TXT"))
    # Another local process, from another UDP port: dropped, the link stays ours.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
        other.bind(("127.0.0.1", 0))
        other.sendto(Station(wire, 8).frame(struct.pack(">HBBBBB", 0x1111, 0, 0xFF, 1, 0xFF, 0)),
                     wire.server)
        other.settimeout(0.3)
        with pytest.raises(socket.timeout):
            other.recv(2048)
    assert a.call(0x21, struct.pack(">H", 512))[0] == OK
    # The echo answers no more than it was sent.
    wire.send(mallory.frame(struct.pack(">H", 1400) + bytes(18), dst_socket=0x8F01))
    echo = wire.receive(lambda f: f[0:6] == mallory.mac, 1)
    assert echo is not None and struct.unpack(">H", echo[16:18])[0] == 30 + 20
    # The harness's key does reset (the channel works for who holds it).
    wire.send(mallory.frame(plain + bytes.fromhex(CONTROL_KEY), dst_socket=0x8F00,
                            packet_type=0))
    assert wire.receive(lambda f: f[0:6] == mallory.mac, 2) is not None
    assert not os.path.exists(os.path.join(wire.root, "SYS", "PUBLIC", "KEEP.TXT"))


@pytest.mark.ncpserv_options("--intruder-attempts", "3", "--intruder-lockout", "2")
def test_failed_logins_lock_the_account_for_a_while(wire):
    a = Station(wire, 1)
    assert a.connect() == OK
    assert [a.login(password="GUESS%d" % i) for i in range(3)] == [BAD_PASSWORD] * 3
    assert a.login() == INTRUDER_LOCKOUT                        # the right one, too late
    assert a.login("GUEST", "") == OK                           # other accounts are not
    deadline = time.monotonic() + 5                             # the clock ticks in seconds
    while a.login() != OK:
        assert time.monotonic() < deadline, "the lockout did not end"
        time.sleep(0.5)


def test_it_binds_only_the_address_it_was_given(tmp_path):
    log = open(tmp_path / "log", "w")
    proc = subprocess.Popen([NCPSERV, "--listen", "127.0.0.2:0", "--root", str(tmp_path / "r"),
                             "--fixtures", FIXTURES], stdout=subprocess.PIPE, stderr=log,
                            text=True)
    try:
        line = proc.stdout.readline()
        port = int(line.split(":")[-1])
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(0.5)
            frame = ipx_frame(bytes(6), bytes(6), 0x4100, 0x0452, b"\x00\x03\x00\x04", 4)
            s.sendto(frame, ("127.0.0.1", port))
            with pytest.raises((socket.timeout, ConnectionRefusedError)):
                s.recv(2048)
            s.sendto(frame, ("127.0.0.2", port))
            assert s.recv(2048)[44:46] == b"\x00\x04"            # a SAP answer there
    finally:
        proc.terminate()
        proc.wait(timeout=5)
        log.close()


def test_without_peer_the_first_source_is_the_peer_for_good(tmp_path):
    """No --peer: the first datagram's UDP source becomes the peer; a second
    local port is then dropped unanswered, even after the first was quiet."""
    log = open(tmp_path / "log", "w")
    proc = subprocess.Popen([NCPSERV, "--listen", "127.0.0.1:0", "--root", str(tmp_path / "r"),
                             "--fixtures", FIXTURES, "--sap-interval", "0", "-v"],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    sap = ipx_frame(bytes(6), bytes(6), 0x4100, 0x0452, b"\x00\x03\x00\x04", 4)
    try:
        server = ("127.0.0.1", int(proc.stdout.readline().split(":")[-1]))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as first, \
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as second:
            first.bind(("127.0.0.1", 0))
            second.bind(("127.0.0.1", 0))
            first.settimeout(1)
            second.settimeout(0.5)
            first.sendto(sap, server)
            assert first.recv(2048)[44:46] == b"\x00\x04"      # a nearest-server answer
            time.sleep(0.5)
            second.sendto(sap, server)
            with pytest.raises(socket.timeout):
                second.recv(2048)
            with pytest.raises(socket.timeout):                 # nor sent to the peer
                first.recv(2048)
            first.sendto(sap, server)
            assert first.recv(2048)[44:46] == b"\x00\x04"
            ports = first.getsockname()[1], second.getsockname()[1]
    finally:
        proc.send_signal(signal.SIGTERM)
        status = proc.wait(timeout=5)
        log.close()
    assert status == 0
    text = (tmp_path / "log").read_text()
    assert text.count(" learnt") == 1 and f"peer 127.0.0.1:{ports[0]} learnt" in text
    assert f"datagram from 127.0.0.1:{ports[1]}, not the peer: dropped" in text


def hostile_frames(rng, templates, count):
    """COUNT frames: random bytes, or a template mutated (bytes flipped,
    cut, grown, lengths lied about), from many stations."""
    for i in range(count):
        kind = rng.random()
        if kind < 0.2:
            yield bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120)))
            continue
        frame = bytearray(rng.choice(templates))
        mac = bytes([0x02, 0, 0, 0x77, rng.randrange(256), rng.randrange(256)])
        frame[6:12] = mac
        frame[14 + 22:14 + 28] = mac
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(len(frame))
            frame[at] = rng.randrange(256)
        if kind < 0.35:
            frame = frame[:rng.randrange(14, len(frame) + 1)]
        elif kind < 0.45:
            frame += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        yield bytes(frame[:1514])


def templates_of_every_kind():
    m = bytes.fromhex("020000007700")
    ncp = lambda body: ipx_frame(m, m, 0x4100, 0x0451, body)
    head = lambda f, seq=1, conn=1: struct.pack(">HBBBBB", 0x2222, seq, conn, 1, 0, f)
    return [
        ncp(struct.pack(">HBBBBB", 0x1111, 0, 0xFF, 1, 0xFF, 0)),
        ncp(struct.pack(">HBBBBB", 0x5555, 1, 1, 1, 0, 0)),
        ncp(head(0x17) + family(0x14, b"\x00\x01" + ncp_string("SUPERVISOR") +
                                ncp_string("SECRET"))),
        ncp(head(0x17) + family(0x17, b"")),
        ncp(head(0x17) + family(0x18, bytes(range(8)) + b"\x00\x01" + ncp_string("GUEST"))),
        ncp(head(0x17) + family(0x35, b"\x00\x01" + ncp_string("SUPERVISOR"))),
        ncp(head(0x17) + family(0x0F, b"\xff\xff\x01\x06" + ncp_string("*.*"))),
        ncp(head(0x16) + family(0x13, b"\x00F" + ncp_string("SYS:PUBLIC"))),
        ncp(head(0x16) + family(0x0A, b"\x01\xff" + ncp_string("EVIL"))),
        ncp(head(0x16) + family(0x0B, b"\x01\x00" + ncp_string("EVIL"))),
        ncp(head(0x45) + b"\x01\x06" + ncp_string("README.TXT") + b"\x01" +
            ncp_string("..\\..\\OUT.TXT")),
        ncp(head(0x3D) + b"\x00" + bytes(6)),
        ncp(head(0x3E) + b"\x00" + ncp_string("SYS:SYSTEM")),
        ncp(head(0x3F) + struct.pack(">BHHB", 0, 1, 0xFFFF, 0) + ncp_string("*.*")),
        ncp(head(0x4C) + b"\x01\x06\x03" + ncp_string("README.TXT")),
        ncp(head(0x43) + b"\x01\x00" + ncp_string("EVIL.TXT")),
        ncp(head(0x49) + b"\x00" + bytes(6) + struct.pack(">IH", 0, 4) + b"data"),
        ncp(head(0x48) + b"\x00" + bytes(6) + struct.pack(">IH", 0, 512)),
        ncp(head(0x44) + b"\x01\x06" + ncp_string("*.*")),
        ncp(head(0x21) + struct.pack(">H", 1024)),
        ipx_frame(m, m, 0x4100, 0x0452, b"\x00\x01\x00\x04", 4),
        ipx_frame(m, m, 0x4100, 0x0453, b"\x00\x01\xff\xff\xff\xff\xff\xff\xff\xff", 1),
        ipx_frame(m, m, 0x4100, 0x8F00, struct.pack(">IBBI", 0x4E53434C, 1, 0, 0) + bytes(8), 0),
        ipx_frame(m, m, 0x4100, 0x8F01, struct.pack(">H", 1470) + bytes(18)),
    ]


def plant_links_out(wire):
    """SYS:SYSTEM\\EVIL.TXT to the secret outside, SYS:SYSTEM\\EVIL to the
    folder it is in (SYS:SYSTEM: the good client's session does not look
    there, so what an attacker does to it spoils nothing the session checks)."""
    system = os.path.join(wire.root, "SYS", "SYSTEM")
    links = {os.path.join(system, "EVIL.TXT"): os.path.join(wire.outside, "SECRET.TXT"),
             os.path.join(system, "EVIL"): wire.outside}
    for link, target in links.items():
        os.symlink(target, link)
    return links


def through_links(links):
    """What the links lead to, read by following them: each still a link to
    where it was planted, and the bytes of every file there."""
    seen = {}
    for link, target in links.items():
        assert os.path.islink(link) and os.readlink(link) == target, link
        if os.path.isdir(link):
            seen[link] = tree(link)
        else:
            with open(link, "rb") as f:
                seen[link] = f.read()
    return seen


def escapes_through_links(system):
    """(function, body) of requests that reach outside only if the server
    follows the links plant_links_out made, for a logged-in station whose
    directory handle system is SYS:SYSTEM."""
    name = lambda text: bytes([system, 0x06]) + ncp_string(text)
    return [
        (0x4C, bytes([system, 0x06, 0x03]) + ncp_string("EVIL.TXT")),
        (0x4C, bytes([system, 0x06, 0x03]) + ncp_string("EVIL\\SECRET.TXT")),
        (0x43, bytes([system, 0]) + ncp_string("EVIL.TXT")),          # would empty it
        (0x43, bytes([system, 0]) + ncp_string("EVIL\\SECRET.TXT")),
        (0x4D, bytes([system, 0]) + ncp_string("EVIL\\NEW.TXT")),
        (0x44, name("EVIL\\*.*")),
        (0x44, name("EVIL.TXT")),
        (0x45, name("AUTOEXEC.NCF") + bytes([system]) + ncp_string("EVIL\\AUTOEXEC.NCF")),
        (0x45, name("EVIL\\SECRET.TXT") + bytes([system]) + ncp_string("MINE.TXT")),
        (0x16, family(0x0A, bytes([system, 0xFF]) + ncp_string("EVIL\\NEW"))),
        (0x16, family(0x0B, bytes([system, 0]) + ncp_string("EVIL"))),
        (0x16, family(0x13, b"\x00F" + ncp_string("SYS:SYSTEM\\EVIL"))),
        (0x3E, b"\x00" + ncp_string("SYS:SYSTEM\\EVIL")),
    ]


def test_random_and_mutated_frames_then_a_good_client_is_served(wire):
    """FLOOD_FRAMES hostile frames, connections left as an attacker leaves
    them, and between bursts a logged-in station's attempts at the links
    planted in the volume, as they are (each refused) and mutated; then
    ncpclient's whole session passes within its time-outs, the server still
    answers at once, and nothing outside the volume changed, looked at
    directly and through the links."""
    links = plant_links_out(wire)
    before, before_linked = wire.outside_state(), through_links(links)
    rng = random.Random(16)
    mallory = logged_in(wire, 0xEF)
    code, system = mallory.dir_handle("SYS:SYSTEM", permanent=True)
    assert code == OK
    escapes = escapes_through_links(system)
    sent = tried = 0
    for frame in hostile_frames(rng, templates_of_every_kind(), FLOOD_FRAMES):
        wire.send(frame)
        sent += 1
        if sent % 500 == 0:
            time.sleep(0.005)
            wire.drain()
            function, body = escapes[tried % len(escapes)]
            if tried >= len(escapes):
                body = bytearray(body)
                for _ in range(rng.randrange(1, 4)):
                    body[rng.randrange(len(body))] = rng.randrange(256)
            answer = mallory.call(function, bytes(body), tries=3)
            assert answer is not None, "a logged-in station went unanswered"
            assert tried >= len(escapes) or answer[0] != OK, (function, body)
            tried += 1
    assert sent == FLOOD_FRAMES
    wire.drain()
    assert wire.proc.poll() is None, "ncpserv died"
    probe = Station(wire, 0xEE, 0x4F00)
    start = time.monotonic()
    assert probe.connect() == OK
    assert time.monotonic() - start < 1
    wire.sock.close()                               # the good client takes the peer's port
    proc = subprocess.run(
        [CLIENT, "--server", "%s:%d" % wire.server, "--root", wire.root, "--fixtures",
         FIXTURES, "--port", str(wire.port), "--control-key", CONTROL_KEY],
        capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASS" in proc.stdout
    assert wire.outside_state() == before
    assert through_links(links) == before_linked
    with open(os.path.join(wire.folder, "hostile.txt"), "w") as f:
        f.write(f"hostile frames: {sent}\n")


def test_sigterm_during_a_flood_ends_promptly_and_cleanly(wire):
    """SIGTERM while a sender thread is still flooding the port with hostile
    frames: ncpserv ends within two seconds, says so, and exits 0."""
    stop, sent = threading.Event(), [0]

    def flood():
        rng = random.Random(6)
        templates = templates_of_every_kind()
        while not stop.is_set():
            for frame in hostile_frames(rng, templates, 100):
                wire.sock.sendto(frame, wire.server)
            sent[0] += 100

    sender = threading.Thread(target=flood)
    sender.start()
    try:
        time.sleep(1)
        was = sent[0]
        time.sleep(0.1)
        assert sender.is_alive() and sent[0] > was, "the flood is not running"
        assert wire.proc.poll() is None, "ncpserv died under the flood"
        started = time.monotonic()
        wire.proc.send_signal(signal.SIGTERM)
        wire.proc.wait(timeout=5)
        took = time.monotonic() - started
    finally:
        stop.set()
        sender.join()
    assert took < 2, f"{took:.2f} s to stop"
    assert wire.proc.returncode == 0
    with open(wire.log_path) as log:
        assert log.read().rstrip().endswith("ncpserv: stopped")
