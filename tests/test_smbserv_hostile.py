"""test_smbserv_hostile.py - smbserv against a hostile client: raw IPX/SMB
frames from the host, the way an attacker on the wire (or another local
process) would send them.

Each test starts its own smbserv on loopback whose one peer is the test's
UDP socket (test_ncpserv_hostile.py's Wire, with smbserv behind it); every
"station" below is a MAC and IPX address inside the frames the test sends.
What is tried: filling the connection table from one station and from
many, the idle time-out freeing it, writes past the size limit and past the
share's limit, names that are not files and paths through links and ".."
on every command that takes one, patterns that would cost quadratic time,
password guessing, another connection's Sid, Uid, Tid, Fid and resume key,
resets without the key, 100,000 random and mutated frames (after which
smbclient's whole session must pass and nothing outside the share may have
changed, read directly and through links planted in it), and SIGTERM in
the middle of such a flood. A failing test keeps its folder under
build/test-results/smbserv-hostile/<test>/.
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

from test_ncpserv_hostile import Wire, hostile_frames, ipx_frame, through_links, tree
from test_smbserv import CLIENT, CONTROL_KEY, FIXTURES, SMBSERV
from test_ncpserv import free_udp_port

BUILD = os.environ.get("IRPLAB_BUILD", os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build"))
RESULTS = os.path.join(BUILD, "test-results", "smbserv-hostile")
SERVER_MAC = bytes.fromhex("024e54000001")
FLOOD_FRAMES = 100_000

pytestmark = pytest.mark.skipif(
    not (os.access(SMBSERV, os.X_OK) and os.access(CLIENT, os.X_OK)),
    reason="smbserv or smbclient not built: run through make test")

# (error class, code) as smbserv answers them.
OK = (0, 0)
BADFILE, BADPATH, NOACCESS, BADFID = (1, 2), (1, 3), (1, 5), (1, 6)
NOFILES, INVALIDNAME = (1, 18), (1, 123)
ERROR, BADPW, INVNID, NORESOURCE, BADUID = (2, 1), (2, 2), (2, 5), (2, 89), (2, 91)
DISKFULL = (3, 39)
DEVICES = ("CON", "NUL.TXT", "LPT1.DAT", "AUX", "CLOCK$", "FILE.")


class SmbWire(Wire):
    """Wire's socket and helpers, with smbserv behind them."""

    def __init__(self, folder, *options):
        self.folder = folder
        self.root = os.path.join(folder, "root")
        self.share = os.path.join(self.root, "MAIL")
        self.outside = os.path.join(folder, "outside")
        os.makedirs(self.outside)
        with open(os.path.join(self.outside, "SECRET.TXT"), "w") as f:
            f.write("not for the wire\n")
        self.port = free_udp_port()
        self.log_path = os.path.join(folder, "smbserv.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [SMBSERV, "--listen", "127.0.0.1:0", "--root", self.root, "--fixtures", FIXTURES,
             "--peer", f"127.0.0.1:{self.port}", "--control-key", CONTROL_KEY, "-v",
             *options], stdout=subprocess.PIPE, stderr=self.log, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 5)
        line = self.proc.stdout.readline() if ready else ""
        assert "ready on 127.0.0.1:" in line, line
        self.server = ("127.0.0.1", int(line.split(":")[-1]))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.sock.bind(("127.0.0.1", self.port))
        self.inbox = []


def core_string(text, fmt=4):
    data = text if isinstance(text, bytes) else text.encode("latin-1")
    return bytes([fmt]) + data + b"\0"


class Client:
    """An SMB client at (MAC, IPX socket): one connection, its Sid and Key,
    its sequence numbers, its Uid and Tid."""

    def __init__(self, wire, mac_last, socket_no=0x4000):
        self.wire = wire
        self.mac = bytes([0x02, 0, 0, 0, 0x55, mac_last])
        self.socket = socket_no
        self.sid = self.key = self.uid = self.tid = 0
        self.sequence = self.mid = 0

    def frame(self, payload, dst_socket=0x0550, packet_type=4):
        return ipx_frame(self.mac, self.mac, self.socket, dst_socket, payload, packet_type,
                         dst_mac=SERVER_MAC, dst_node=SERVER_MAC)

    def message(self, command, words=b"", data=b"", sequence=None, **header):
        fields = dict(key=self.key, sid=self.sid, tid=self.tid, uid=self.uid)
        fields.update(header)
        return (b"\xffSMB" + struct.pack("<BBBHBHHIHHHHHHH", command, 0, 0, 0, 0x08, 0, 0,
                                         fields["key"], fields["sid"], sequence, 0,
                                         fields["tid"], 0x1234, fields["uid"], self.mid) +
                bytes([len(words) // 2]) + words + struct.pack("<H", len(data)) + data)

    def call(self, command, words=b"", data=b"", unsequenced=False, timeout=1.0, **header):
        """One request; returns ((class, code), words, data, header) or None."""
        self.mid = (self.mid + 1) & 0xFFFF
        if unsequenced or command == 0x72:
            sequence = 0
        else:
            self.sequence = 1 if self.sequence == 0xFFFF else self.sequence + 1
            sequence = self.sequence
        mid = self.mid
        self.wire.send(self.frame(self.message(command, words, data, sequence, **header)))
        reply = self.wire.receive(
            lambda f: f[0:6] == self.mac and f[30:32] == struct.pack(">H", self.socket) and
            f[44:48] == b"\xffSMB" and struct.unpack("<H", f[44 + 30:44 + 32])[0] == mid,
            timeout)
        if reply is None:
            return None
        smb = reply[44:14 + struct.unpack(">H", reply[16:18])[0]]
        count = smb[32]
        words_out = smb[33:33 + 2 * count]
        data_out = smb[35 + 2 * count:]
        return (smb[5], struct.unpack("<H", smb[7:9])[0]), words_out, data_out, smb[:32]

    def status(self, command, words=b"", data=b"", unsequenced=False, **header):
        answer = self.call(command, words, data, unsequenced, **header)
        assert answer is not None, "no answer to 0x%02X" % command
        return answer[0]

    def negotiate(self):
        answer = self.call(0x72, b"", core_string("LANMAN1.0", 2))
        assert answer is not None, "no answer to a negotiate"
        if answer[0] == OK:
            self.key, self.sid = struct.unpack("<IH", answer[3][14:20])
            self.sequence = 0
        return answer[0]

    def logon(self, account="SUPERVISOR", password="SECRET"):
        pw = password.encode()
        words = struct.pack("<BBHHHHIHI", 0xFF, 0, 0, 1450, 1, 0, self.key, len(pw), 0)
        answer = self.call(0x73, words, pw + account.encode() + b"\0")
        if answer[0] == OK:
            self.uid = struct.unpack("<H", answer[3][28:30])[0]
        return answer[0]

    def connect_tree(self):
        words = struct.pack("<BBHHH", 0xFF, 0, 0, 0, 0)
        answer = self.call(0x75, words, b"\\\\NTSERVER\\MAIL\0A:\0")
        if answer[0] == OK:
            self.tid = struct.unpack("<H", answer[3][24:26])[0]
        return answer[0]

    def session(self, account="SUPERVISOR", password="SECRET"):
        assert self.negotiate() == OK
        assert self.logon(account, password) == OK
        assert self.connect_tree() == OK
        return self

    def echo(self):
        return self.call(0x2B, struct.pack("<H", 1), b"ping", unsequenced=True)

    def path(self, command, name, **header):
        return self.status(command, b"", core_string(name), **header)

    def open(self, name, access=2):
        answer = self.call(0x02, struct.pack("<HH", access, 0x16), core_string(name))
        return answer[0], (struct.unpack("<H", answer[1][:2])[0] if answer[0] == OK else None)

    def create(self, name, new=False):
        answer = self.call(0x0F if new else 0x03, struct.pack("<HI", 0x20, 0),
                           core_string(name))
        return answer[0], (struct.unpack("<H", answer[1][:2])[0] if answer[0] == OK else None)

    def write(self, fid, offset, data, **header):
        words = struct.pack("<HHIH", fid, len(data), offset, 0)
        return self.status(0x0B, words, b"\x01" + struct.pack("<H", len(data)) + data, **header)

    def read(self, fid, offset, count, **header):
        return self.status(0x0A, struct.pack("<HHIH", fid, count, offset, 0), **header)

    def close(self, fid, **header):
        return self.status(0x04, struct.pack("<HI", fid, 0), **header)

    def delete(self, pattern):
        return self.status(0x06, struct.pack("<H", 0x16), core_string(pattern))

    def rename(self, old, new):
        return self.status(0x07, struct.pack("<H", 0x16), core_string(old) + core_string(new))

    def set_information(self, name, when=800000000):
        return self.status(0x09, struct.pack("<HI5H", 0x20, when, 0, 0, 0, 0, 0),
                           core_string(name))

    def search(self, pattern, resume=b"", attributes=0x16, count=50, timeout=1.0):
        """((class, code), [resume keys]) of one SEARCH call."""
        answer = self.call(0x81, struct.pack("<HH", count, attributes),
                           core_string(pattern) + b"\x05" + struct.pack("<H", len(resume)) +
                           resume, timeout=timeout)
        assert answer is not None, "no answer to a search"
        entries = answer[2][3:]
        return answer[0], [entries[i:i + 21] for i in range(0, len(entries), 43)]


@pytest.fixture
def wire(request):
    """Starts smbserv with the test's options (the 'smbserv_options' marker)."""
    folder = tempfile.mkdtemp(prefix="smbserv-hostile-")
    marker = request.node.get_closest_marker("smbserv_options")
    w = SmbWire(folder, *(marker.args if marker else ("--deterministic",)))
    failures = request.session.testsfailed
    yield w
    status = w.stop()
    if request.session.testsfailed != failures:
        target = os.path.join(RESULTS, request.node.name)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("root"))
    shutil.rmtree(folder, ignore_errors=True)
    assert status == 0, "smbserv did not end cleanly on SIGTERM"


@pytest.mark.smbserv_options("--connections", "8", "--station-connections", "4",
                             "--idle-timeout", "2")
def test_the_table_cannot_be_held_by_one_station_and_idle_ones_end(wire):
    hog = [Client(wire, 1, 0x4100 + i) for i in range(5)]
    assert [c.negotiate() for c in hog] == [OK] * 4 + [NORESOURCE]     # a station's share
    live = [Client(wire, 2, 0x4200 + i) for i in range(4)]
    assert [c.negotiate() for c in live] == [OK] * 4
    assert all(c.logon() == OK for c in hog[:4] + live)
    late = Client(wire, 3)
    assert late.negotiate() == NORESOURCE                   # full, and all logged on
    # live keeps talking; hog falls silent and its connections end.
    deadline = time.monotonic() + 10
    while late.negotiate() != OK:
        assert time.monotonic() < deadline, "no slot came free"
        for c in live:
            assert c.echo()[0] == OK
        time.sleep(0.3)
    assert hog[0].status(0x2B, struct.pack("<H", 1), b"x") == BADUID   # gone
    with open(wire.log_path) as log:
        assert "idle time-out: sid" in log.read()
    # Connections without a logon give way when the table is full.
    assert late.logon() == OK
    squatters = [Client(wire, 4 + i) for i in range(3)]
    assert [c.negotiate() for c in squatters] == [OK] * 3
    newcomer = Client(wire, 9)
    assert newcomer.negotiate() == OK
    assert squatters[0].echo()[0] == BADUID                 # evicted, silent longest
    assert squatters[1].echo()[0] == OK
    assert all(c.echo()[0] == OK for c in live)


def test_idle_connections_are_kept_in_deterministic_runs(wire):
    a = Client(wire, 1).session()
    time.sleep(1.5)
    assert a.echo()[0] == OK


@pytest.mark.smbserv_options("--deterministic", "--max-file-size", "65536",
                             "--volume-limit", "100000")
def test_writes_past_the_file_and_share_limits_are_refused(wire):
    """A file at most 65,536 bytes; the share's files may hold 100,000 bytes
    more than at the reset: growth counts (a hole too), overwriting does not,
    deleting, emptying and shortening give back; a reset starts again."""
    log = os.path.join(wire.share, "MAILDATA", "LOG")
    sizes = lambda: [os.path.getsize(os.path.join(log, n)) for n in ("A.DAT", "B.DAT", "C.DAT")]
    a = Client(wire, 1).session()
    first, second, third = (a.create("\\MAILDATA\\LOG\\" + n)[1]
                            for n in ("A.DAT", "B.DAT", "C.DAT"))
    for offset, data in ((1 << 30, b"xy"), (0xFFFFFFFF, b"xy"), (65535, b"xy"),
                         (1 << 30, b""), (0xFFFFFFFF, b"")):   # b"": WRITE setting the size
        assert a.write(first, offset, data) == DISKFULL, (offset, data)
    assert a.write(first, 65535, b"x") == OK                   # 65,536, most of it a hole
    assert a.write(second, 34463, b"y") == OK                  # 100,000 in all: full
    assert a.write(second, 34464, b"z") == DISKFULL
    assert a.write(third, 0, b"z") == DISKFULL
    assert a.write(third, 10, b"") == DISKFULL                 # a longer end is growth too
    assert a.write(first, 0, b"w" * 1000) == OK                # overwriting is not
    assert sizes() == [65536, 34464, 0]
    assert a.write(first, 1000, b"") == OK                     # shortening gives 64,536 back
    assert a.write(third, 64535, b"z") == OK
    assert a.write(third, 64536, b"z") == DISKFULL
    assert a.close(second) == OK and a.delete("\\MAILDATA\\LOG\\B.DAT") == OK
    assert a.write(first, 35463, b"w") == OK                   # 34,464 back: all of it used
    assert a.write(first, 35464, b"w") == DISKFULL
    assert a.create("\\MAILDATA\\LOG\\C.DAT")[0] == OK         # emptying gives 64,536 back
    assert a.write(third, 64535, b"z") == OK
    assert a.write(third, 64536, b"z") == DISKFULL
    assert sizes_left(log, "A.DAT", "C.DAT") == [35464, 64536]
    assert not os.path.exists(os.path.join(log, "B.DAT"))
    assert reset(wire, a)
    b = Client(wire, 2).session()
    fresh = b.create("\\MAILDATA\\LOG\\NEW.DAT")[1]
    assert b.write(fresh, 65535, b"n") == OK
    more = b.create("\\MAILDATA\\LOG\\MORE.DAT")[1]
    assert b.write(more, 34463, b"n") == OK
    assert b.write(more, 34464, b"n") == DISKFULL


def sizes_left(folder, *names):
    return [os.path.getsize(os.path.join(folder, n)) for n in names]


def reset(wire, client, key=CONTROL_KEY):
    """The harness's control reset to smbserv's MAC; True when answered."""
    message = struct.pack(">IBBI", 0x4E53434C, 1, 0, 0) + bytes.fromhex(key)
    wire.send(client.frame(message, dst_socket=0x8F00, packet_type=0))
    return wire.receive(lambda f: f[0:6] == client.mac and f[44:48] != b"\xffSMB", 1) \
        is not None


def every_path_command(a, path):
    """(what, (class, code)) of every command that takes a path, given PATH."""
    yield "open", a.open(path)[0]
    yield "create", a.create(path)[0]
    yield "create-new", a.create(path, new=True)[0]
    yield "delete", a.delete(path)
    yield "rename from", a.rename(path, "\\MAILDATA\\MINE.TXT")
    yield "rename onto", a.rename("\\MAILDATA\\GLB\\CONTROL.GLB", path)
    yield "mkdir", a.path(0x00, path)
    yield "rmdir", a.path(0x01, path)
    yield "check", a.path(0x10, path)
    yield "query", a.path(0x08, path)
    yield "set", a.set_information(path)
    yield "search", a.search(path)[0]


def test_names_that_are_not_files_are_refused_by_every_command(wire):
    before = tree(wire.share)
    a = Client(wire, 1).session()
    for name in DEVICES:
        for path in ("\\MAILDATA\\" + name, "\\MAILDATA\\%s\\X.TXT" % name):
            for what, status in every_path_command(a, path):
                assert status == INVALIDNAME, (what, path, status)
    for what, status in every_path_command(a, "\\MAILDATA\\LOG\\*.*\\X.TXT"):
        assert status != OK, (what, status)
    # An embedded NUL ends the string short of its byte count: the request
    # does not decode, and nothing runs.
    for command, words in ((0x03, struct.pack("<HI", 0x20, 0)),
                           (0x0F, struct.pack("<HI", 0x20, 0)), (0x00, b""),
                           (0x02, struct.pack("<HH", 2, 0x16))):
        for name in (b"\\MAILDATA\\A\0B.TXT", b"\\MAILDATA\\NEW.TXT\0X"):
            assert a.status(command, words, b"\x04" + name + b"\0") == ERROR, (command, name)
    assert tree(wire.share) == before


def test_dotdot_and_links_never_leave_the_share_on_any_command(wire):
    os.symlink(wire.outside, os.path.join(wire.share, "LINK"))
    os.symlink(os.path.join(wire.outside, "SECRET.TXT"),
               os.path.join(wire.share, "MAILDATA", "OUT.TXT"))
    os.symlink("GLB", os.path.join(wire.share, "MAILDATA", "IN"))
    with open(os.path.join(wire.folder, "ABOVE.TXT"), "w") as f:
        f.write("above the root\n")
    before, before_share = tree(wire.outside), tree(wire.share)
    a = Client(wire, 1).session()
    for path in ("\\LINK\\SECRET.TXT", "\\LINK\\NEW.TXT", "\\LINK", "\\MAILDATA\\OUT.TXT",
                 "\\MAILDATA\\IN\\CONTROL.GLB", "\\MAILDATA\\IN", "\\..\\ABOVE.TXT",
                 "\\MAILDATA\\..\\..\\ABOVE.TXT", "..\\..\\outside\\SECRET.TXT"):
        for what, status in every_path_command(a, path):
            assert status != OK, (what, path)
    for pattern in ("\\LINK\\*.*", "\\MAILDATA\\IN\\*.*", "\\..\\*.*"):
        assert a.delete(pattern) != OK, pattern
    assert tree(wire.outside) == before
    assert os.path.exists(os.path.join(wire.folder, "ABOVE.TXT"))
    assert tree(wire.share) == before_share
    assert "OUT.TXT" not in [k[1:12].decode() for k in a.search("\\MAILDATA\\*.*")[1]]


def test_pathological_patterns_cost_little(wire):
    a = Client(wire, 1).session()
    b = Client(wire, 2).session()
    for pattern in ("*" * 200, "?" * 240, "*?" * 100, "*" * 120 + ".*" + "?" * 40):
        start = time.monotonic()
        assert a.search("\\MAILDATA\\" + pattern[:240], timeout=2)[0] in (OK, NOFILES)
        assert a.delete("\\MAILDATA\\LOG\\" + pattern[:235]) in (OK, BADFILE)
        assert b.echo()[0] == OK                            # and the others are served
        assert time.monotonic() - start < 2, pattern


def test_state_belongs_to_its_connection(wire):
    a = Client(wire, 1).session()
    c = Client(wire, 3).session()
    assert a.connect_tree() == OK and a.tid == 2                 # a has trees 1 and 2
    code, fid = a.open("\\MAILDATA\\GLB\\CONTROL.GLB")
    assert code == OK
    code, keys = a.search("\\MAILDATA\\*.*", count=1)
    assert code == OK and len(keys) == 1
    assert c.search("\\MAILDATA\\*.*", count=1)[0] == OK         # c's own search, same slot
    # a's Sid with c's key, from c's address or a's, with another key
    assert c.status(0x2B, struct.pack("<H", 1), b"x", True, sid=a.sid) == BADUID
    intruder = Client(wire, 4)
    intruder.sid, intruder.key = a.sid, a.key                    # another address
    assert intruder.status(0x2B, struct.pack("<H", 1), b"x", True) == BADUID
    assert c.status(0x2B, struct.pack("<H", 1), b"x", True, key=a.key) == BADUID
    assert c.read(fid, 0, 16, uid=a.uid) == BADUID               # a's Uid
    assert c.read(fid, 0, 16, tid=2) == INVNID                   # a's Tid, not c's
    assert c.read(fid, 0, 16) == BADFID                          # a's Fid
    assert c.write(fid, 0, b"c was here") == BADFID
    assert c.close(fid) == BADFID
    assert c.search("", resume=keys[0])[0] == NOFILES            # a's resume key
    assert a.read(fid, 0, 16) == OK and a.close(fid) == OK
    assert a.search("", resume=keys[0])[0] == OK


@pytest.mark.smbserv_options("--lockout-attempts", "3", "--lockout-duration", "2")
def test_bad_passwords_lock_the_account_for_a_while(wire):
    a = Client(wire, 1)
    assert a.negotiate() == OK
    assert [a.logon(password="GUESS%d" % i) for i in range(3)] == [BADPW] * 3
    assert a.logon() == BADPW                                    # the right one, too late
    b = Client(wire, 2)                                          # from anywhere
    assert b.negotiate() == OK and b.logon() == BADPW
    assert a.logon("MMTA", "MAILAGENT") == OK                    # other accounts are not
    deadline = time.monotonic() + 5                              # the clock ticks in seconds
    while a.logon() != OK:
        assert time.monotonic() < deadline, "the lockout did not end"
        time.sleep(0.5)


def test_bad_passwords_lock_until_the_reset_in_deterministic_runs(wire):
    a = Client(wire, 1)
    assert a.negotiate() == OK
    assert [a.logon(password="X") for _ in range(7)] == [BADPW] * 7
    time.sleep(1.2)
    assert a.logon() == BADPW
    assert reset(wire, a)
    a = Client(wire, 1)
    assert a.negotiate() == OK and a.logon() == OK


def test_the_control_reset_needs_the_key(wire):
    a = Client(wire, 1).session()
    code, fid = a.create("\\MAILDATA\\KEEP.TXT")
    assert code == OK and a.close(fid) == OK
    mallory = Client(wire, 9, 0x4444)
    for key in ("0000000000000000", CONTROL_KEY[:-2] + "00", "00" + CONTROL_KEY[2:]):
        assert not reset(wire, mallory, key)
    plain = struct.pack(">IBBI", 0x4E53434C, 1, 0, 0)
    wire.send(mallory.frame(plain, dst_socket=0x8F00, packet_type=0))     # no key at all
    assert wire.receive(lambda f: f[0:6] == mallory.mac, 0.3) is None
    assert a.echo()[0] == OK                                     # no reset happened
    assert os.path.exists(os.path.join(wire.share, "MAILDATA", "KEEP.TXT"))
    assert reset(wire, mallory)                                  # the key does reset
    assert not os.path.exists(os.path.join(wire.share, "MAILDATA", "KEEP.TXT"))
    assert a.echo()[0] == BADUID


def smb_templates():
    """One frame of every kind smbserv takes, from one station, for mutation."""
    c = Client(None, 0x77)
    c.key, c.sid, c.uid, c.tid = 0x11223344, 1, 1, 1
    name = lambda text: core_string(text)
    frames = [
        c.message(0x72, b"", core_string("LANMAN1.0", 2) + core_string(
            "PC NETWORK PROGRAM 1.0", 2), 0),
        c.message(0x73, struct.pack("<BBHHHHIHI", 0xFF, 0, 0, 1450, 1, 0, 0, 6, 0),
                  b"SECRETSUPERVISOR\0", 1),
        c.message(0x75, struct.pack("<BBHHH", 0xFF, 0, 0, 0, 0),
                  b"\\\\NTSERVER\\MAIL\0A:\0", 2),
        c.message(0x70, b"", name("\\\\NTSERVER\\MAIL") + name("") + name("A:"), 2),
        c.message(0x02, struct.pack("<HH", 2, 0x16), name("\\MAILDATA\\EVIL.TXT"), 3),
        c.message(0x03, struct.pack("<HI", 0x20, 0), name("\\MAILDATA\\EVIL\\NEW.TXT"), 3),
        c.message(0x0F, struct.pack("<HI", 0x20, 0), name("\\..\\OUT.TXT"), 3),
        c.message(0x06, struct.pack("<H", 0x16), name("\\MAILDATA\\EVIL\\*.*"), 4),
        c.message(0x07, struct.pack("<H", 0x16), name("\\MAILDATA\\EVIL.TXT") +
                  name("\\MAILDATA\\MINE.TXT"), 4),
        c.message(0x0B, struct.pack("<HHIH", 1, 4, 0, 0), b"\x01\x04\x00data", 5),
        c.message(0x0A, struct.pack("<HHIH", 1, 512, 0, 0), b"", 5),
        c.message(0x81, struct.pack("<HH", 50, 0x16), name("\\MAILDATA\\*.*") +
                  b"\x05\x00\x00", 6),
        c.message(0x81, struct.pack("<HH", 50, 0x16), name("") + b"\x05\x15\x00" +
                  bytes([0]) + b"CONTROL GLB" + bytes([1, 1, 0, 1, 0]) + bytes(4), 6),
        c.message(0x09, struct.pack("<HI5H", 0x20, 1, 0, 0, 0, 0, 0), name("\\MAILDATA"), 7),
        c.message(0x00, b"", name("\\MAILDATA\\EVIL\\DIR"), 7),
        c.message(0x01, b"", name("\\MAILDATA\\EVIL"), 7),
        c.message(0x2B, struct.pack("<H", 100), b"x" * 64, 0),
        c.message(0x80, b"", b"", 8),
        c.message(0x74, struct.pack("<BBH", 0xFF, 0, 0), b"", 9),
    ]
    templates = [c.frame(m) for m in frames]
    nmpi = struct.pack("<32sBBH", bytes(32), 0xF3, 1, 7) + b"NTSERVER       \x20" + bytes(16)
    templates.append(c.frame(nmpi, dst_socket=0x0551))
    templates.append(ipx_frame(c.mac, b"\xff" * 6, 0x4000, 0x0551, nmpi, 4,
                               dst_mac=b"\xff" * 6, dst_node=b"\xff" * 6))
    templates.append(c.frame(struct.pack(">IBBI", 0x4E53434C, 1, 0, 0) + bytes(8),
                             dst_socket=0x8F00, packet_type=0))
    return templates


def plant_links_out(wire):
    """MAILDATA\\EVIL.TXT to the secret outside, MAILDATA\\EVIL to the folder
    it is in (smbclient's session reads neither)."""
    maildata = os.path.join(wire.share, "MAILDATA")
    links = {os.path.join(maildata, "EVIL.TXT"): os.path.join(wire.outside, "SECRET.TXT"),
             os.path.join(maildata, "EVIL"): wire.outside}
    for link, target in links.items():
        os.symlink(target, link)
    return links


def escapes(a):
    """Requests that reach outside only if the server follows the links."""
    return [
        lambda: a.open("\\MAILDATA\\EVIL.TXT")[0],
        lambda: a.open("\\MAILDATA\\EVIL\\SECRET.TXT")[0],
        lambda: a.create("\\MAILDATA\\EVIL.TXT")[0],
        lambda: a.create("\\MAILDATA\\EVIL\\SECRET.TXT")[0],
        lambda: a.create("\\MAILDATA\\EVIL\\NEW.TXT", new=True)[0],
        lambda: a.delete("\\MAILDATA\\EVIL\\*.*"),
        lambda: a.delete("\\MAILDATA\\EVIL.TXT"),
        lambda: a.rename("\\MAILDATA\\EVIL\\SECRET.TXT", "\\MAILDATA\\MINE.TXT"),
        lambda: a.rename("\\MAILDATA\\GLB\\CONTROL.GLB", "\\MAILDATA\\EVIL\\CONTROL.GLB"),
        lambda: a.path(0x00, "\\MAILDATA\\EVIL\\DIR"),
        lambda: a.path(0x01, "\\MAILDATA\\EVIL"),
        lambda: a.set_information("\\MAILDATA\\EVIL\\SECRET.TXT"),
        lambda: a.search("\\MAILDATA\\EVIL\\*.*")[0],
    ]


def test_random_and_mutated_frames_then_a_good_client_is_served(wire):
    """FLOOD_FRAMES hostile frames from many MACs to the SMB, name and
    control sockets, connections left as an attacker leaves them, and
    between bursts a logged-on client's attempts through the links planted
    in the share (each refused); then smbclient's whole session passes, the
    server still answers at once, and nothing outside the share changed,
    looked at directly and through the links."""
    links = plant_links_out(wire)
    before, before_linked = wire.outside_state(), through_links(links)
    rng = random.Random(16)
    mallory = Client(wire, 0xEF).session()
    tries = escapes(mallory)
    sent = tried = 0
    for frame in hostile_frames(rng, smb_templates(), FLOOD_FRAMES):
        wire.send(frame)
        sent += 1
        if sent % 500 == 0:
            time.sleep(0.005)
            wire.drain()
            assert tries[tried % len(tries)]() != OK, tried % len(tries)
            tried += 1
    assert sent == FLOOD_FRAMES
    wire.drain()
    assert wire.proc.poll() is None, "smbserv died"
    probe = Client(wire, 0xEE, 0x4F00)
    start = time.monotonic()
    assert probe.negotiate() == OK
    assert time.monotonic() - start < 1
    wire.sock.close()                               # the good client takes the peer's port
    proc = subprocess.run(
        [CLIENT, "--server", "%s:%d" % wire.server, "--port", str(wire.port),
         "--scenario", "session", "--control-key", CONTROL_KEY, "--timeout-ms", "100"],
        capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "PASS" in proc.stdout, proc.stdout + proc.stderr
    assert wire.outside_state() == before
    assert through_links(links) == before_linked
    with open(os.path.join(wire.folder, "hostile.txt"), "w") as f:
        f.write(f"hostile frames: {sent}\n")


def test_sigterm_during_a_flood_ends_promptly_and_cleanly(wire):
    stop, sent = threading.Event(), [0]

    def flood():
        rng = random.Random(6)
        templates = smb_templates()
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
        assert wire.proc.poll() is None, "smbserv died under the flood"
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
        assert log.read().rstrip().endswith("smbserv: stopped")
