"""test_wirefault.py - the guest under a faulty wire (guest suites in
tests/guest/test_ncpfaults.c).

- test=ncpfaults with tools/wirefault.py between QEMU and ncpserv: frames
  dropped, duplicated, reordered and delayed from a fixed seed, both ways;
  every NCP call ends within the client's bound in success or an NT
  network status, SAMPLE.DAT still reads whole and right; ncpserv killed
  under a connection and in the middle of a read, started again, and a new
  connection works; the leak audit is clean.
- test=ipxburst with the host as the peer: an unspaced burst larger than
  IPX's park ring to a socket with nothing posted; what does not fit is
  dropped and counted, what is read back is intact and in order.
"""
import os
import re
import select
import socket
import struct
import sys
import threading
import time

import pytest

import test_ne2000 as ne
from irplab import BUILD, ROOT
from test_ncp import FIXTURES, fnv1a

sys.path.insert(0, os.path.join(ROOT, "tools"))
import wirefault  # noqa: E402

NCPSERV = os.path.join(BUILD, "ncpserv", "ncpserv")
BURST = 200

pytestmark = pytest.mark.skipif(not os.access(NCPSERV, os.X_OK),
                                reason="ncpserv not built: run through make test")


def sample_line():
    with open(os.path.join(FIXTURES, "SYS", "PUBLIC", "SAMPLE.DAT"), "rb") as f:
        data = f.read()
    return f"SAMPLE.DAT {len(data)} bytes fnv1a {fnv1a(data):08x}"


def test_ncp_calls_on_a_faulty_wire_and_a_server_killed(qemu, tmp_path):
    qemu_port, server_port = ne.free_udp_port(), ne.free_udp_port()
    stage = wirefault.FaultStage(qemu_port, server_port, seed=16, server=None, drop=0.05,
                                 duplicate=0.05, reorder=0.05, delay=0.05, delay_ms=300)
    server = stage.server = wirefault.Ncpserv(NCPSERV, server_port, stage.peer_port,
                                              str(tmp_path),
                                              ["--fixtures", FIXTURES, "--deterministic", "-v"])
    server.start()
    stage.start()
    pcap = str(tmp_path / "wire.pcap")
    try:
        run = qemu("test=ncpfaults", timeout=240,
                   extra=["NIC=pci", f"MAC={ne.MACS['pci']}", f"NETPORT={qemu_port}",
                          f"PEERPORT={stage.listen_port}", f"PCAP={pcap}"])
    finally:
        stage.stop()
        server.stop()
    counts = stage.stats()
    print("wire faults:", counts)
    ne.assert_passed(run)
    assert "*** STOP" not in run.output
    assert f"# ncpfaults: {sample_line()}" in run.output
    assert f"# ncpfaults: after the restarts, {sample_line()}" in run.output
    calls = re.search(r"# ncpfaults: (\d+) calls, (\d+) succeeded, (\d+) timed out", run.output)
    assert calls and int(calls.group(1)) > 100, run.output
    for fault in ("drop", "duplicate", "reorder", "delay"):
        assert counts[fault] > 0, counts
    assert counts["kill"] == 2 and counts["start"] == 2, counts
    print("\n".join(line for line in run.output.splitlines() if line.startswith("# ncpfaults")))


def burst_frame(mac, node, number):
    """Datagram NUMBER of the burst: "BRST", the number, bytes of both
    (GtBurstIntact in tests/guest/test_ncpfaults.c)."""
    body = b"BRST" + struct.pack(">I", number)
    body += bytes((number * 31 + i) & 0xFF for i in range(8, 8 + number % 64 + 64))
    ipx = struct.pack(">HHBBI6sHI6sH", 0xFFFF, 30 + len(body), 0, 4, 0, node, 0x4200,
                      0x1234, bytes.fromhex("024e57000001"), 0x4F00)
    return mac + bytes.fromhex("024e57000001") + b"\x81\x37" + ipx + body


def play_burst_peer(sock, qemu_port, done):
    """The peer: waits for the guest's BURST, sends BURST datagrams with no
    pause, then DONE (with the count) until the run ends."""
    qemu = ("127.0.0.1", qemu_port)
    ask = None
    while not done.is_set() and ask is None:
        if select.select([sock], [], [], 0.2)[0]:
            frame = sock.recv(2048)
            if frame[30:32] == b"\x4f\x00" and b"BURST" in frame:
                ask = frame
    if ask is None:
        return
    mac, node = ask[6:12], ask[36:42]
    frames = [burst_frame(mac, node, n) for n in range(1, BURST + 1)]
    for frame in frames:
        sock.sendto(frame, qemu)
    time.sleep(0.3)
    ipx = struct.pack(">HHBBI6sHI6sH", 0xFFFF, 36, 0, 4, 0, node, 0x4200, 0x1234,
                      bytes.fromhex("024e57000001"), 0x4F00)
    end = mac + bytes.fromhex("024e57000001") + b"\x81\x37" + ipx + b"DONE" + struct.pack(">H", BURST)
    while not done.is_set():
        sock.sendto(end + bytes(60 - len(end)) if len(end) < 60 else end, qemu)
        done.wait(0.3)


def test_a_burst_larger_than_the_ipx_ring_is_dropped_and_counted(qemu, tmp_path):
    qemu_port = ne.free_udp_port()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    done = threading.Event()
    peer = threading.Thread(target=play_burst_peer, args=(sock, qemu_port, done))
    peer.start()
    try:
        run = qemu("test=ipxburst", timeout=60,
                   extra=["NIC=pci", f"MAC={ne.MACS['pci']}", f"NETPORT={qemu_port}",
                          f"PEERPORT={sock.getsockname()[1]}"])
    finally:
        done.set()
        peer.join(timeout=10)
        sock.close()
    ne.assert_passed(run)
    m = re.search(r"# ipxburst: host sent (\d+), IPX took (\d+), pushed out of the ring (\d+) "
                  r"\(counted\), read back (\d+) intact and in order, lost before IPX (\d+)",
                  run.output)
    assert m, run.output
    sent, took, pushed, read, lost = map(int, m.groups())
    assert sent == BURST and read + pushed == took and took + lost == sent
    assert pushed > 0 and 0 < read <= 32
    print(m.group(0))
