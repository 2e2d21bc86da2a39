"""test_ncpserv.py - ncpserv against the host test client over 127.0.0.1.

Each test starts its own ncpserv (--listen 127.0.0.1:0, the port comes back
on its "ready" line) on a fresh --root, runs build/host/ncpclient the way
QEMU's -netdev dgram would talk, and judges the client's verdict, its
counts of retransmissions/0x9999/ignored frames, the files on disk, and the
pcap through tshark. Both speak Ethernet II unless a test gives --frame:
the session runs in each other framing too, and a station in another
framing than the server's gets no answer. A failing test leaves its folder (server log, client
output, pcaps) under build/test-results/ncpserv/<test>/.
"""
import fnmatch
import math
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile

import pytest

import ipxframes

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("IRPLAB_BUILD", os.path.join(ROOT, "build"))
NCPSERV = os.path.join(BUILD, "ncpserv", "ncpserv")
CLIENT = os.path.join(BUILD, "host", "ncpclient")
FIXTURES = os.path.join(ROOT, "qemu", "ncpserv", "fixtures")
RESULTS = os.path.join(BUILD, "test-results", "ncpserv")

pytestmark = pytest.mark.skipif(
    not (os.access(NCPSERV, os.X_OK) and os.access(CLIENT, os.X_OK)),
    reason="ncpserv or ncpclient not built: run through make test")


CONTROL_KEY = "1e2d3c4b5a697887"       # what the harness gives ncpserv and its client


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One ncpserv process; always stopped by stop() (SIGTERM, then KILL).
    Its one peer is the client's port, client_port: every ncpclient run
    against it binds that port."""

    def __init__(self, work, *options):
        self.log_path = os.path.join(work, "ncpserv.log")
        self.root = os.path.join(work, "root")
        self.log = open(self.log_path, "w")
        self.client_port = free_udp_port()
        self.proc = subprocess.Popen(
            [NCPSERV, "--listen", "127.0.0.1:0", "--root", self.root,
             "--fixtures", FIXTURES, "-v", "--peer", f"127.0.0.1:{self.client_port}",
             "--control-key", CONTROL_KEY, *options],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 5)
        line = self.proc.stdout.readline() if ready else ""
        if "ready on 127.0.0.1:" not in line:
            self.stop()
            raise AssertionError("ncpserv did not start: %r" % line)
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


@pytest.fixture
def work(request):
    """A scratch folder, kept under build/test-results/ncpserv on failure."""
    folder = tempfile.mkdtemp(prefix="ncpserv-")
    servers = []
    failures = request.session.testsfailed
    yield folder, servers
    for server in servers:
        server.stop()
    if request.session.testsfailed != failures:
        target = os.path.join(RESULTS, request.node.name)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("root"))
    shutil.rmtree(folder, ignore_errors=True)


def start(work, *options):
    folder, servers = work
    server = Server(folder, *options)
    servers.append(server)
    return server


def client(work, server, name, *options, timeout_ms=50):
    """Runs ncpclient; returns (exit status, output, pcap path)."""
    folder, _ = work
    pcap = os.path.join(folder, name + ".pcap")
    proc = subprocess.run(
        [CLIENT, "--server", server.address, "--root", server.root,
         "--fixtures", FIXTURES, "--pcap", pcap, "--port", str(server.client_port),
         "--control-key", CONTROL_KEY,
         "--timeout-ms", str(timeout_ms), *options],
        capture_output=True, text=True, timeout=20)
    with open(os.path.join(folder, name + ".out"), "w") as out:
        out.write(proc.stdout + proc.stderr)
    return proc.returncode, proc.stdout, pcap


def stats(output):
    line = [l for l in output.splitlines() if l.startswith("stats:")][-1]
    return {k: int(v) for k, v in (f.split("=") for f in line.split()[1:])}


def tshark(*arguments):
    proc = subprocess.run(["tshark", *arguments], capture_output=True,
                          text=True, timeout=20)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def assert_dissects_cleanly(pcap):
    assert tshark("-r", pcap, "-Y", "_ws.malformed") == ""
    for protocol in ("ipxsap", "ipxrip", "ncp"):
        assert tshark("-r", pcap, "-Y", protocol).strip(), protocol


def reply_rows(pcap):
    """(function, subfunction, completion) of every NCP reply, in order."""
    rows = []
    out = tshark("-r", pcap, "-Y", "ncp.type == 0x3333", "-T", "fields",
                 "-e", "ncp.func", "-e", "ncp.subfunc",
                 "-e", "ncp.completion_code")
    for line in out.splitlines():
        func, sub, code = (line.split("\t") + ["", "", ""])[:3]
        rows.append((int(func, 0), int(sub, 0) if sub else None, int(code, 0)))
    return rows


def expected_session_rows():
    """What the session scenario must produce, from the fixtures' contents."""
    public = sorted(os.listdir(os.path.join(FIXTURES, "SYS", "PUBLIC")))
    maildata = os.path.join(FIXTURES, "MAIL", "MAILDATA")
    folders = [d for d in os.listdir(maildata)
               if os.path.isdir(os.path.join(maildata, d))]
    sample = os.path.getsize(os.path.join(FIXTURES, "SYS", "PUBLIC", "SAMPLE.DAT"))
    reads = math.ceil(sample / 777) + 1           # the last read returns 0 bytes
    keyed_login = [(0x17, 0x35, 0), (0x17, 0x17, 0), (0x17, 0x18, 0)]
    rows = [(0x21, None, 0), (0x17, 0x11, 0)]
    rows += keyed_login[:2] + [(0x17, 0x18, 0xDE)]           # a wrong password
    rows += [(0x17, 0x35, 0xFC)] + keyed_login                # no such user; SUPERVISOR
    rows += [(0x16, 5, 0), (0x16, 5, 0),
            (0x16, 5, 0x98), (0x16, 0x13, 0), (0x3E, None, 0)]
    rows += [(0x3F, None, 0)] * len(public) + [(0x3F, None, 0xFF)]
    rows += [(0x4C, None, 0)] + [(0x48, None, 0)] * reads
    rows += [(0x42, None, 0), (0x42, None, 0x88), (0x41, None, 0xFF),
             (0x16, 0x13, 0), (0x3E, None, 0)]
    rows += [(0x3F, None, 0)] * len(folders) + [(0x3F, None, 0xFF)]
    rows += [(0x16, 0x13, 0x9C), (0x16, 0x13, 0), (0x4D, None, 0)]
    rows += [(0x49, None, 0)] * 3
    rows += [(0x47, None, 0), (0x42, None, 0), (0x4D, None, 0xFF),
             (0x44, None, 0), (0x44, None, 0xFF), (0x16, 0x13, 0),
             (0x4C, None, 0), (0x4C, None, 0), (0x18, None, 0),
             (0x47, None, 0x88), (0x42, None, 0), (0x18, None, 0),
             (0x16, 0x14, 0x9B), (0x19, None, 0)]
    return rows


def rows_match_session(pcap):
    """The session's NCP conversation, create to destroy, in order."""
    types = tshark("-r", pcap, "-Y", "ncp", "-T", "fields", "-e", "ncp.type").split()
    assert types[0] == "0x1111" and types[-2] == "0x5555"
    assert reply_rows(pcap)[1:-1] == expected_session_rows()
    return True


def test_session_checks_files_and_dissects_in_order(work):
    server = start(work, "--deterministic")
    status, output, pcap = client(work, server, "session")
    assert status == 0, output
    assert "not ok" not in output and "PASS: 38 checks" in output
    assert_dissects_cleanly(pcap)
    assert rows_match_session(pcap)
    assert server.stop() == 0


@pytest.mark.parametrize("option,check", [
    (("--drop-every", "3"), lambda s: s["retransmits"] == (s["transactions"] - 2) // 3),
    (("--duplicate-every", "2"), lambda s: s["ignored"] == (s["transactions"] - 2) // 2),
    (("--busy", "2"), lambda s: s["busy"] == 2 * (s["transactions"] - 2)),
], ids=["drop", "duplicate", "busy"])
def test_fault_mode_is_survived_and_counted(work, option, check):
    server = start(work, "--deterministic", *option)
    status, output, pcap = client(work, server, "session")
    assert status == 0, output
    assert check(stats(output)), output
    assert_dissects_cleanly(pcap)


def test_silent_after_n_requests(work):
    server = start(work, "--deterministic", "--silent-after", "10")
    status, output, pcap = client(work, server, "session")
    assert status == 3, output
    assert "timeout at transaction 11" in output
    assert tshark("-r", pcap, "-Y", "_ws.malformed") == ""


def test_deterministic_replies_repeat_after_reset_and_restart(work):
    folder, _ = work
    first = start(work, "--deterministic")
    dumps = [os.path.join(folder, "replies%d" % n) for n in range(3)]
    assert client(work, first, "run0", "--replies", dumps[0])[0] == 0
    assert client(work, first, "run1", "--reset-first", "5",
                  "--replies", dumps[1])[0] == 0
    second = start(work, "--deterministic")
    assert client(work, second, "run2", "--replies", dumps[2])[0] == 0
    contents = [open(d, "rb").read() for d in dumps]
    assert len(contents[0]) > 1000
    assert contents[0] == contents[1] == contents[2]


def test_reset_restores_volumes_and_drops_old_epoch(work):
    server = start(work, "--deterministic")
    status, output, pcap = client(work, server, "reset", "--scenario", "reset",
                                  "--epoch", "4", timeout_ms=100)
    assert status == 0, output
    assert "not ok" not in output
    with open(server.log_path) as log:
        assert "create from epoch 3 dropped" in log.read()


@pytest.mark.parametrize("framing", ["802.3", "802.2", "snap"])
def test_session_in_the_servers_framing(work, framing):
    """--frame F: the whole session in F, every frame both ways in F as tshark
    reads it (Ethernet II is every other test here)."""
    server = start(work, "--deterministic", "--frame", framing)
    status, output, pcap = client(work, server, framing, "--frame", framing)
    assert status == 0 and "PASS: 38 checks" in output, output
    assert stats(output)["other_framing"] == 0, output
    assert_dissects_cleanly(pcap)
    frames = ipxframes.framings(pcap)
    assert {f.framing for f in frames} == {framing}, frames
    assert all(f.length_counts_ipx for f in frames), frames
    assert {f.source for f in frames} == {"02:00:00:00:00:01", "02:4e:57:00:00:01"}
    assert rows_match_session(pcap)


def test_another_framing_gets_no_answer(work):
    """A server bound to raw 802.3 does not hear a station speaking 802.2:
    the station's SAP query goes unanswered and its connection times out."""
    server = start(work, "--deterministic", "--frame", "802.3")
    status, output, pcap = client(work, server, "other", "--frame", "802.2")
    assert status == 3 and "not ok 1 - SAP nearest server" in output, output
    frames = ipxframes.framings(pcap)
    assert frames and {(f.source, f.framing) for f in frames} == \
        {("02:00:00:00:00:01", "802.2")}, frames
    assert tshark("-r", pcap, "-Y", "_ws.malformed") == ""
    assert server.stop() == 0
    with open(server.log_path) as log:
        assert "a frame in 802.2, not 802.3: dropped" in log.read()


def test_internal_network_addressing(work):
    server = start(work, "--deterministic", "--internal-net", "CAFE0001")
    status, output, pcap = client(work, server, "internal")
    assert status == 0, output
    sources = set(tshark("-r", pcap, "-Y", "ncp.type == 0x3333", "-T", "fields",
                         "-e", "ipx.src.net").split())
    assert sources == {"0xcafe0001"}


def assert_codes_are_netwares(pcap, but=()):
    """Every reply's completion code is one Wireshark's dissector lists for
    its function (it names it), except the functions in `but`."""
    out = tshark("-r", pcap, "-Y", "ncp.type == 0x3333", "-T", "fields", "-e", "ncp.func",
                 "-e", "ncp.subfunc", "-e", "_ws.col.Info")
    for line in out.splitlines():
        func, sub, info = line.split("\t")
        if (int(func, 0), int(sub, 0) if sub else None) not in but:
            assert "Unknown Error Code" not in info, line


@pytest.mark.parametrize("allowed", [False, True], ids=["refused", "allowed"])
def test_logins_keyed_locked_and_unencrypted(work, allowed):
    options = ["--deterministic", "--intruder-attempts", "3"]
    server = start(work, *options, *(["--allow-unencrypted"] if allowed else []))
    status, output, pcap = client(work, server, "logins", "--scenario", "logins",
                                  *(["--unencrypted-allowed"] if allowed else []))
    assert status == 0, output
    assert "not ok" not in output and "PASS: %d checks" % (20 if allowed else 18) in output
    assert_dissects_cleanly(pcap)
    assert_codes_are_netwares(pcap)
    codes = [code for func, sub, code in reply_rows(pcap) if (func, sub) in
             ((0x17, 0x18), (0x17, 0x14))]
    expected = [0xDE, 0, 0, 0, 0xFF, 0xDE, 0xDE, 0xDE, 0xC5, 0]
    assert codes == expected + ([0xDE, 0xFC, 0] if allowed else [0xD6])
    with open(server.log_path) as log:
        assert "intruder detection: MMTA locked after 3 wrong passwords" in log.read()


def dos_match(pattern, name):
    """The plain wildcards: fnmatch's, and a name without an extension also
    matches as NAME. (docs/NCPSERV.md)."""
    return fnmatch.fnmatchcase(name, pattern.upper()) or (
        "." not in name and fnmatch.fnmatchcase(name + ".", pattern.upper()))


# What the augmented (DOS) wildcards find after the calls scenario, in
# SYS:PUBLIC (files: C.TXT, NOEXT, README.TXT, SAMPLE.DAT) and in
# MAIL:MAILDATA (the postoffice's folders).
AUGMENTED = {
    r"\xAA": "NOEXT",
    r"\xAA\xAE\xAA": "C.TXT NOEXT README.TXT SAMPLE.DAT",
    r"\xAA\xAETXT": "C.TXT README.TXT",
    r"\xBF\xBF\xBF\xBF\xBF\xAE\xAA": "C.TXT NOEXT",
    r"NOEXT\xAE\xAA": "NOEXT",
    r"M\xAA": "MAI MBG",
    r"\xBF\xBF\xBF": "ATT GLB HLP INF KEY LOG MAI MBG NME P1 TPL USR XTR",
}


def test_calls_against_the_files_on_disk(work):
    server = start(work, "--deterministic")
    status, output, pcap = client(work, server, "calls", "--scenario", "calls")
    assert status == 0, output
    assert "not ok" not in output and "PASS: 39 checks" in output
    assert_dissects_cleanly(pcap)
    assert_codes_are_netwares(pcap, but={(0x14, None), (0x17, 0x12)})
    assert "volume 0: SYS, 8 sectors per cluster, 16384 clusters, 8192 free" in output
    assert "volume 1: MAIL, 8 sectors per cluster, 16384 clusters, 8192 free" in output
    public = os.path.join(server.root, "SYS", "PUBLIC")
    files = sorted(n for n in os.listdir(public) if os.path.isfile(os.path.join(public, n)))
    assert files == ["C.TXT", "NOEXT", "README.TXT", "SAMPLE.DAT"]
    assert not os.path.exists(os.path.join(public, "WORK"))
    with open(os.path.join(public, "C.TXT"), "rb") as f:
        data = f.read()                 # 100 written, cut to 40, extended to 3000
    assert data == bytes(ord("a") + i % 26 for i in range(40)) + bytes(2960)
    folders = sorted(os.listdir(os.path.join(server.root, "MAIL", "MAILDATA")))
    searches = re.findall(r"^search (\S+) (.*): (.*)$", output, re.M)
    assert len(searches) == 14
    for where, pattern, found in searches:
        names = files if where == "SYS:PUBLIC" else folders
        expected = AUGMENTED.get(pattern)
        if expected is None:
            expected = " ".join(n for n in names if dos_match(pattern, n))
        assert found == expected, (where, pattern, found)
    assert "scan *.TXT: C.TXT README.TXT" in output


def test_sigterm_stops_cleanly(work):
    server = start(work)
    assert server.stop() == 0
    with open(server.log_path) as log:
        assert "ncpserv: stopped" in log.read()


def sap_broadcasts(work, seconds, *options):
    """Frames ncpserv sends unasked to a --peer within `seconds`."""
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peer.settimeout(seconds)
    try:
        start(work, "--peer", "127.0.0.1:%d" % peer.getsockname()[1],
              "--sap-interval", "1", *options)
        frames = []
        try:
            frames.append(peer.recv(2048))
        except socket.timeout:
            pass
        return frames
    finally:
        peer.close()


def test_periodic_sap_only_outside_deterministic_mode(work):
    frames = sap_broadcasts(work, 3)
    assert frames, "no periodic SAP broadcast within 3 s"
    frame = frames[0]
    assert frame[0:6] == b"\xff" * 6 and frame[12:14] == b"\x81\x37"
    assert frame[14 + 16:14 + 18] == b"\x04\x52"        # to the SAP socket
    assert frame[44:46] == b"\x00\x02"                  # general response
    assert frame[48:56] == b"NWSERVER"
    assert sap_broadcasts(work, 1.5, "--deterministic") == []
