"""test_ne2000.py - the NE2000 driver on QEMU's wire, with ncpserv beside it.

Each test starts its own ncpserv (--deterministic -v, port from its ready
line) and boots the kernel through qemu/run.sh with NETPORT/PEERPORT, so
that run.sh starts no server of its own, and with PCAP, so that QEMU's
filter-dump records both directions. The guest suites are in
tests/guest/test_ne2000.c:

- test=ne2000 on both card models (ne2k_pci, ne2k_isa), each with its own
  MAC: the boot line and the suite report the PROM address QEMU was given,
  the SAP exchange is in the pcap and nothing in it is malformed;
- sched=pct: frames reach the suite through the inbox, not by indication;
- test=ne2000flood: this file sends random, truncated and oversized frames
  to the guest's MAC and to broadcast, straight to QEMU's UDP port on
  loopback (a bounded count), then marker frames; the guest survives,
  counts bad frames or drops, and SAP works afterwards;
- run.sh NIC=pci without ports starts ncpserv itself and removes it after.

Every process started here is stopped at the end of its test.
"""
import os
import random
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time

import pytest

import matrix
from irplab import BUILD, EXIT_PASS, RESULTS

NCPSERV = os.path.join(BUILD, "ncpserv", "ncpserv")
MACS = matrix.MACS
BOOT_LINES = {"pci": r"^ne2000: pci 00:[0-9a-f]{2}\.0 port 0x[0-9a-f]+ irq 1[01] ea (\w{12})$",
              "isa": r"^ne2000: isa port 0x300 irq 5 ea (\w{12})$"}
FLOOD_ROUNDS, FLOOD_BATCH = 20, 30
MARKER = b"IRPLAB-FLOOD"

pytestmark = pytest.mark.skipif(not os.access(NCPSERV, os.X_OK),
                                reason="ncpserv not built: run through make test")


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ncpserv:
    """ncpserv on loopback for one test; stop() always ends it."""

    def __init__(self, work, qemu_port, options=(), verbose=True):
        self.root = os.path.join(work, "root")
        self.log_path = os.path.join(work, "ncpserv.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [NCPSERV, "--listen", "127.0.0.1:0", "--peer", f"127.0.0.1:{qemu_port}",
             "--root", self.root, "--deterministic", *(["-v"] if verbose else []), *options],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 5)
        line = self.proc.stdout.readline() if ready else ""
        if "ready on 127.0.0.1:" not in line:
            self.stop()
            raise AssertionError(f"ncpserv did not start: {line!r}")
        self.port = int(line.split(":")[-1])

    def saw(self, text):
        with open(self.log_path) as f:
            return text in f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()


@pytest.fixture
def wire(tmp_path):
    """(ncpserv, QEMU's port, pcap path)."""
    port = free_udp_port()
    server = Ncpserv(str(tmp_path), port)
    yield server, port, str(tmp_path / "wire.pcap")
    server.stop()


def boot_on_wire(qemu, wire, nic, args):
    server, port, pcap = wire
    return qemu(args, timeout=60, extra=[f"NIC={nic}", f"MAC={MACS[nic]}", f"NETPORT={port}",
                                         f"PEERPORT={server.port}", f"PCAP={pcap}"])


def keep(pcap, name):
    """A failing test's pcap goes beside its transcript."""
    os.makedirs(RESULTS, exist_ok=True)
    if os.path.exists(pcap):
        shutil.copy(pcap, os.path.join(RESULTS, re.sub(r"[^\w.-]+", "_", name) + ".pcap"))


def assert_passed(run):
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    lines = run.ktap()
    assert lines and all(ok for ok, _, _ in lines), run.output
    assert run.plan() == len(lines) and lines[-1][2] == "leak_audit", run.output


def tshark(pcap, *options):
    result = subprocess.run(["tshark", "-r", pcap, *options], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def assert_wire_is_clean(pcap, min_sap_pairs=1):
    assert tshark(pcap, "-Y", "_ws.malformed") == ""
    sap = tshark(pcap, "-Y", "ipxsap", "-T", "fields", "-e", "ipxsap.request",
                 "-e", "ipxsap.response", "-e", "ipxsap.server.name")
    rows = [line.split("\t") for line in sap.splitlines()]
    assert sum(1 for r in rows if r[0] == "1") >= min_sap_pairs, sap
    assert sum(1 for r in rows if r[-1] == "NWSERVER") >= min_sap_pairs, sap


def mac_hex(nic):
    return MACS[nic].replace(":", "")


@pytest.mark.parametrize("row", matrix.NE2000, ids=[row.nic for row in matrix.NE2000])
def test_sap_exchange_on_the_wire(qemu, wire, row, request):
    nic = row.nic
    run = boot_on_wire(qemu, wire, nic, row.args)
    try:
        assert_passed(run)
        assert re.findall(BOOT_LINES[nic], run.output, re.M) == [mac_hex(nic)], run.output
        assert len(re.findall(r"^ne2000: ", run.output, re.M)) == 1, run.output
        assert f"# ne2000: station address {mac_hex(nic)}, sched=rr" in run.output
        assert "SAP nearest server NWSERVER network 00001234" in run.output
        assert_wire_is_clean(wire[2])
        assert wire[0].saw("sap query 3 type 0x0004")
    except AssertionError:
        keep(wire[2], request.node.nodeid)
        raise


def test_pct_takes_frames_from_the_inbox(qemu, wire, request):
    run = boot_on_wire(qemu, wire, matrix.NE2000_PCT.nic, matrix.NE2000_PCT.args)
    try:
        assert_passed(run)
        assert "sched=pct: frames taken from the inbox" in run.output
        assert "# ne2000: inbox: 40 answers, 32 kept, 8 dropped" in run.output
        assert "SAP nearest server NWSERVER" in run.output
        assert_wire_is_clean(wire[2])
    except AssertionError:
        keep(wire[2], request.node.nodeid)
        raise


def test_no_card_says_nothing(qemu):
    """NIC=none: both probes decline without a word."""
    run = qemu("")
    assert run.status == EXIT_PASS and "ne2000" not in run.output, run.output


def junk_frames(rng, mac):
    """One round: random, truncated, oversized and lying frames."""
    dests = [mac, b"\xff" * 6]
    frames = []
    for i in range(FLOOD_BATCH):
        dest, kind = dests[i % 2], i % 5
        if kind == 0:       # truncated: shorter than an Ethernet header
            frames.append(dest[:rng.randrange(1, 7)] if rng.random() < 0.5
                          else dest + bytes(rng.randrange(0, 8)))
        elif kind == 1:     # random bytes of a legal length
            frames.append(dest + rng.randbytes(rng.randrange(8, 1509)))
        elif kind == 2:     # oversized: more than 1514 bytes
            frames.append(dest + b"\x02\x00\x00\x00\x00\x09\x81\x37"
                          + rng.randbytes(rng.randrange(1510, 4000)))
        elif kind == 3:     # IPX whose length field lies
            ipx = struct.pack(">HHBB", 0xFFFF, 1400, 0, 4) + rng.randbytes(26)
            frames.append(dest + b"\x02\x00\x00\x00\x00\x09\x81\x37" + ipx)
        else:               # a broken SAP response to our socket
            ipx = struct.pack(">HHBB", 0xFFFF, 40, 0, 4) + rng.randbytes(26) + b"\x00\x04"
            frames.append(dest + b"\x02\x00\x00\x00\x00\x09\x81\x37" + ipx)
    return frames


def marker(mac, last):
    return b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x09" + b"\x88\xb5" + MARKER + bytes([last])


def flood(server, port, mac, done):
    """Waits for the guest's first SAP query (it is up), then floods QEMU's
    port: FLOOD_ROUNDS rounds of junk and a marker, then the last marker a
    few times. Loopback only; every datagram counted."""
    rng = random.Random(1996)
    deadline = time.monotonic() + 30
    while not server.saw("sap query") and time.monotonic() < deadline and not done.is_set():
        time.sleep(0.01)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _ in range(FLOOD_ROUNDS):
            for frame in junk_frames(rng, mac):
                s.sendto(frame, ("127.0.0.1", port))
                time.sleep(0.001)
            s.sendto(marker(mac, 0), ("127.0.0.1", port))
        for _ in range(10):
            if done.wait(0.05):
                break
            s.sendto(marker(mac, 1), ("127.0.0.1", port))


@pytest.mark.parametrize("nic,sched", [("pci", "rr"), ("isa", "rr"), ("pci", "pct")])
def test_flood_of_bad_frames(qemu, wire, nic, sched, request):
    server, port, pcap = wire
    done = threading.Event()
    sender = threading.Thread(target=flood, args=(server, port, bytes.fromhex(mac_hex(nic)), done))
    sender.start()
    try:
        run = boot_on_wire(qemu, wire, nic, f"test=ne2000flood sched={sched} seed=3")
    finally:
        done.set()
        sender.join(timeout=30)
    try:
        assert_passed(run)
        assert "*** STOP" not in run.output
        stats = re.search(r"after flood: in (\d+) frames \d+ bytes, out \d+ frames \d+ bytes, "
                          r"dropped (\d+), bad (\d+)", run.output)
        assert stats, run.output
        frames_in, dropped, bad = map(int, stats.groups())
        assert bad + dropped > 0 and frames_in > FLOOD_BATCH, run.output
        assert len(re.findall(r"SAP nearest server NWSERVER", run.output)) == 2, run.output
        assert len(re.findall(r"^ok \d+ sap_after_flood$", run.output, re.M)) == 1
    except AssertionError:
        keep(pcap, request.node.nodeid)
        raise


def test_run_sh_starts_and_stops_ncpserv(qemu, tmp_path, monkeypatch):
    """Without NETPORT/PEERPORT run.sh brings its own server and removes it."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    run = qemu("test=ne2000", timeout=60, extra=["NIC=pci"])
    assert_passed(run)
    assert "SAP nearest server NWSERVER" in run.output
    assert os.listdir(tmp_path) == [], "run.sh left its ncpserv folder behind"
