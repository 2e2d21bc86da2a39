"""test_smbserv.py - smbserv against the SMB host test client over 127.0.0.1.

Each test starts its own smbserv (--listen 127.0.0.1:0, the port from its
"ready" line) on a fresh --root, runs build/host/smbclient the way QEMU's
-netdev dgram would talk - every message built and read by the codec the
redirector will use - and judges the client's checks, the lines it prints
against the files on the host, the server's log, and the pcap through
tshark (every frame SMB or NMPI, none malformed). A failing test leaves
its folder under build/test-results/smbserv/<test>/.
"""
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import tempfile

import pytest

from test_ncpserv import FIXTURES, free_udp_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("IRPLAB_BUILD", os.path.join(ROOT, "build"))
SMBSERV = os.path.join(BUILD, "smbserv", "smbserv")
CLIENT = os.path.join(BUILD, "host", "smbclient")
RESULTS = os.path.join(BUILD, "test-results", "smbserv")
CONTROL_KEY = "5a4b3c2d1e0f9988"
SERVER_MAC = "02:4e:54:00:00:01"
MAIL = os.path.join(FIXTURES, "MAIL")

pytestmark = pytest.mark.skipif(
    not (os.access(SMBSERV, os.X_OK) and os.access(CLIENT, os.X_OK)),
    reason="smbserv or smbclient not built: run through make test")


class Server:
    """One smbserv process, whose one peer is client_port; stop() ends it."""

    def __init__(self, work, *options):
        self.log_path = os.path.join(work, "smbserv.log")
        self.root = os.path.join(work, "root")
        self.log = open(self.log_path, "w")
        self.client_port = free_udp_port()
        self.proc = subprocess.Popen(
            [SMBSERV, "--listen", "127.0.0.1:0", "--root", self.root, "--fixtures", FIXTURES,
             "-v", "--peer", f"127.0.0.1:{self.client_port}", "--control-key", CONTROL_KEY,
             *options], stdout=subprocess.PIPE, stderr=self.log, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 5)
        line = self.proc.stdout.readline() if ready else ""
        if "ready on 127.0.0.1:" not in line:
            self.stop()
            raise AssertionError("smbserv did not start: %r" % line)
        self.address = line.split()[-1]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()
        return self.proc.returncode

    def logged(self):
        with open(self.log_path) as log:
            return log.read()


@pytest.fixture
def work(request):
    folder = tempfile.mkdtemp(prefix="smbserv-")
    servers = []
    failures = request.session.testsfailed
    yield folder, servers
    for server in servers:
        server.stop()
    if request.session.testsfailed != failures:
        target = os.path.join(RESULTS, request.node.name)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("root", "outside"))
    shutil.rmtree(folder, ignore_errors=True)


def start(work, *options):
    folder, servers = work
    server = Server(folder, *options)
    servers.append(server)
    return server


def client(work, server, scenario, *options):
    """Runs smbclient; returns (exit status, output, pcap path)."""
    folder, _ = work
    pcap = os.path.join(folder, scenario + ".pcap")
    proc = subprocess.run(
        [CLIENT, "--server", server.address, "--port", str(server.client_port),
         "--scenario", scenario, "--pcap", pcap, "--control-key", CONTROL_KEY,
         "--timeout-ms", "100", *options], capture_output=True, text=True, timeout=60)
    with open(os.path.join(folder, scenario + ".out"), "w") as out:
        out.write(proc.stdout + proc.stderr)
    return proc.returncode, proc.stdout, pcap


def tshark(*arguments):
    proc = subprocess.run(["tshark", *arguments], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def assert_dissects_as_smb(pcap):
    """No malformed frame; every SMB-socket frame is SMB and the names NMPI."""
    assert tshark("-r", pcap, "-Y", "_ws.malformed") == ""
    protocols = tshark("-r", pcap, "-T", "fields", "-e", "_ws.col.Protocol").split()
    assert protocols and set(protocols) <= {"SMB", "NMPI", "IPX"}, set(protocols)
    assert "NMPI" in protocols and "SMB" in protocols


def fnv(data):
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % value


def fcb(name):
    """A name or a pattern in DOS's 11-character form ('*' fills with '?')."""
    base, _, ext = name.partition(".")
    def part(text, width):
        star = text.find("*")
        text = text if star < 0 else text[:star] + "?" * width
        return text[:width].ljust(width)
    return part(base, 8) + part(ext, 3)


def dos_match(pattern, name):
    """DOS's wildcards, as a DOS program's FindFirst has them."""
    return all(p in ("?", n) for p, n in zip(fcb(pattern.upper()), fcb(name)))


def host_listing(folder, directories):
    names = sorted(os.listdir(folder))
    return [n for n in names if os.path.isfile(os.path.join(folder, n)) or
            (directories and os.path.isdir(os.path.join(folder, n)))]


def pattern_bytes(count):
    return bytes(i % 251 for i in range(count))


def tree(top):
    names = {}
    for folder, folders, files in os.walk(top):
        for name in folders:
            names[os.path.relpath(os.path.join(folder, name), top)] = None
        for name in files:
            with open(os.path.join(folder, name), "rb") as f:
                names[os.path.relpath(os.path.join(folder, name), top)] = f.read()
    return names


def test_session_against_the_host(work):
    """LANMAN1.0 from name query to logoff; what it read, wrote, searched and
    changed, compared with the share on the host."""
    server = start(work, "--deterministic")
    status, output, pcap = client(work, server, "session")
    assert status == 0 and "PASS: 50 checks, 0 failed" in output, output
    share = os.path.join(server.root, "MAIL")
    reads = re.findall(r"^read (\S+) (\d+) ([0-9a-f]{16})$", output, re.M)
    assert len(reads) == 3
    for path, size, digest in reads[:2]:
        with open(os.path.join(MAIL, *path.strip("\\").split("\\")), "rb") as f:
            data = f.read()
        assert (int(size), digest) == (len(data), fnv(data)), path
    assert reads[2][1:] == ("2500", fnv(pattern_bytes(2500)))
    with open(os.path.join(share, "MAILDATA", "LOG", "RENAMED.TXT"), "rb") as f:
        assert f.read() == pattern_bytes(2500)
    assert os.stat(os.path.join(share, "MAILDATA", "LOG", "RENAMED.TXT")).st_mtime == 800000000
    assert sorted(os.listdir(os.path.join(share, "MAILDATA", "LOG"))) == ["RENAMED.TXT"]
    assert os.path.getsize(os.path.join(share, "MAILDATA", "EMPTY.TXT")) == 0
    assert os.path.getsize(os.path.join(share, "MAILDATA", "DUP.TXT")) == 0
    assert not os.path.exists(os.path.join(share, "WORK"))
    # The searches ran when MAILDATA held the fixtures' names and the two
    # files written before them.
    searches = re.findall(r"^search (\S+) (\d+): (.*)$", output, re.M)
    assert len(searches) == 9
    for pattern, attributes, found in searches:
        folder, _, last = pattern.rpartition("\\")
        names = host_listing(os.path.join(MAIL, *folder.strip("\\").split("\\")),
                             int(attributes) & 0x10)
        if folder == "\\MAILDATA":
            names = sorted(names + ["EMPTY.TXT", "NEW.TXT"])
        assert found.split() == [n for n in names if dos_match(last, n)], pattern
    assert re.findall(r"^info (\S+) (\S+) (\d+)$", output, re.M) == [
        ("\\MAILDATA\\NEW.TXT", "0x20", "2500"), ("\\MAILDATA", "0x10", "0"), ("\\", "0x10", "0")]
    assert_dissects_as_smb(pcap)
    assert server.logged().count("resend reply") == 1
    assert server.stop() == 0


def test_retransmission_gets_the_cached_reply(work):
    """The same CREATE_NEW twice: one execution, the same reply bytes."""
    server = start(work, "--deterministic")
    status, output, pcap = client(work, server, "session")
    assert status == 0, output
    assert "ok 43 - its retransmission gets the cached reply" in output
    log = server.logged()
    seq = re.findall(r"sid 1 seq (\d+) mid \d+ CREATE_NEW \(0x0F\) -> 0/0\n"
                     r"smbserv: sid 1: resend reply to sequence (\d+)", log)
    assert len(seq) == 1 and seq[0][0] == seq[0][1], log[-2000:]
    replies = tshark("-r", pcap, "-Y", f"eth.src == {SERVER_MAC} && smb.cmd == 0x0f",
                     "-T", "fields", "-e", "smb.sequence_num", "-e", "smb.fid").split()
    assert replies[-4:] == [seq[0][0], "0x000a"] * 2 and replies.count("0x000a") == 2


@pytest.mark.parametrize("every", ["3", "5"])
def test_lost_replies_are_recovered_from_the_cache(work, every):
    server = start(work, "--deterministic", "--drop-every", every)
    status, output, pcap = client(work, server, "session")
    assert status == 0 and "PASS: 50 checks" in output, output
    stats = dict(f.split("=") for f in re.search(r"^stats: (.*)$", output, re.M)[1].split())
    assert int(stats["retransmits"]) >= int(stats["transactions"]) // (2 * int(every))
    assert server.logged().count("fault: reply") >= 1
    assert_dissects_as_smb(pcap)


def test_core_dialect_and_guest_tree_connect(work):
    server = start(work, "--deterministic")
    status, output, pcap = client(work, server, "core")
    assert status == 0 and "PASS: 7 checks" in output, output
    with open(os.path.join(MAIL, "MAILDATA", "GLB", "CONTROL.GLB"), "rb") as f:
        data = f.read()
    assert f"read \\MAILDATA\\GLB\\CONTROL.GLB {len(data)} {fnv(data)}" in output
    assert_dissects_as_smb(pcap)
    indexes = tshark("-r", pcap, "-Y", "smb.cmd == 0x72 && smb.flags.response == 1",
                     "-T", "fields", "-e", "smb.dialect.index").split()
    assert indexes == ["65535", "1"]


def test_reset_restores_the_share(work):
    server = start(work, "--deterministic")
    status, output, pcap = client(work, server, "reset")
    assert status == 0 and "PASS: 13 checks" in output, output
    assert tree(os.path.join(server.root, "MAIL")) == tree(MAIL)
    assert "control reset epoch 7 -> 0" in server.logged()
    assert_dissects_as_smb(pcap)


def test_nothing_outside_the_share_is_reached(work):
    folder, _ = work
    server = start(work, "--deterministic")
    outside = os.path.join(folder, "outside")
    os.makedirs(outside)
    with open(os.path.join(outside, "SECRET.TXT"), "w") as f:
        f.write("not for the wire\n")
    share = os.path.join(server.root, "MAIL")
    os.symlink(outside, os.path.join(share, "LINK"))
    os.symlink(os.path.join(outside, "SECRET.TXT"), os.path.join(share, "MAILDATA", "OUT.TXT"))
    os.symlink("GLB", os.path.join(share, "MAILDATA", "IN"))
    before = tree(outside)
    status, output, pcap = client(work, server, "escape")
    assert status == 0 and "PASS: 17 checks" in output, output
    assert tree(outside) == before
    assert os.path.islink(os.path.join(share, "MAILDATA", "OUT.TXT"))
    assert os.lstat(os.path.join(outside, "SECRET.TXT")).st_mtime != 800000000
    assert_dissects_as_smb(pcap)


def test_deterministic_replies_repeat(work):
    """Two servers, one after the other: the same reply bytes, keys included."""
    runs = []
    for run in range(2):
        server = start(work, "--deterministic")
        status, output, pcap = client(work, server, "session")
        assert status == 0, output
        assert server.stop() == 0
        runs.append(tshark("-r", pcap, "-Y", f"eth.src == {SERVER_MAC}", "-T", "fields",
                           "-e", "ipx.len", "-e", "smb.key", "-e", "smb.fid",
                           "-e", "smb.file_size", "-e", "_ws.col.Info"))
    assert runs[0] and runs[0] == runs[1]


@pytest.mark.parametrize("framing", ["802.2", "snap"])
def test_session_in_the_servers_framing(work, framing):
    server = start(work, "--deterministic", "--frame", framing)
    status, output, pcap = client(work, server, "session", "--frame", framing)
    assert status == 0 and "PASS: 50 checks" in output, output
    assert_dissects_as_smb(pcap)


def ipx_frame(destination_mac, destination_node, socket_number, payload):
    source = bytes.fromhex("020000000009")
    header = struct.pack(">HHBB", 0xFFFF, 30 + len(payload), 0, 4)
    header += struct.pack(">I", 0x1234) + destination_node + struct.pack(">H", socket_number)
    header += struct.pack(">I", 0x1234) + source + struct.pack(">H", 0x4009)
    frame = destination_mac + source + b"\x81\x37" + header + payload
    return frame + bytes(max(0, 60 - len(frame)))


def test_frames_for_others_get_no_answer(work):
    """On a hub smbserv sees the whole wire: what is not its own is dropped."""
    server = start(work, "--deterministic")
    ncpserv = bytes.fromhex("024e57000001")
    ours = bytes.fromhex("024e54000001")
    everyone = b"\xff" * 6
    name = struct.pack("<32sBBH", bytes(32), 0xF3, 1, 7) + b"NTSERVER       \x20" + bytes(16)
    negotiate = (b"\xffSMB\x72" + bytes(27) + b"\x00\x0b\x00\x02LANMAN1.0\x00")
    frames = [
        ipx_frame(ncpserv, ncpserv, 0x0550, negotiate),     # another station's MAC
        ipx_frame(ncpserv, ncpserv, 0x0551, name),
        ipx_frame(everyone, everyone, 0x0550, negotiate),   # SMB is never broadcast
        ipx_frame(everyone, everyone, 0x0452, b"\x00\x01\x00\x04"),   # SAP: ncpserv's
        ipx_frame(everyone, everyone, 0x0453, b"\x00\x01" + b"\xff" * 8),   # RIP: ncpserv's
        ipx_frame(ours, ours, 0x0451, b"\x11\x11\x00\xff\x01\xff\x00"),  # NCP to us: not ours
    ]
    answered = [ipx_frame(ours, ours, 0x0550, negotiate),
                ipx_frame(everyone, everyone, 0x0551, name)]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", server.client_port))
        host, port = server.address.split(":")
        peer.settimeout(0.3)
        for frame in frames:
            peer.sendto(frame, (host, int(port)))
        with pytest.raises(socket.timeout):
            peer.recv(2048)
        for frame in answered:
            peer.sendto(frame, (host, int(port)))
            assert peer.recv(2048)[6:12] == ours


def test_sigterm_stops_cleanly(work):
    server = start(work)
    assert server.stop() == 0
    assert "smbserv: stopped" in server.logged()
