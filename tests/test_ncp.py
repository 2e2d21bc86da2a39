"""test_ncp.py - the IPX transport and the NCP client on QEMU's wire, with
ncpserv beside it (guest suites in tests/guest/test_ncp.c).

Each test starts its own ncpserv (--deterministic -v, plus a fault mode
where the test is about one) on loopback and boots the kernel through
qemu/run.sh with NETPORT/PEERPORT and PCAP, in the manner of
test_ne2000.py. Every pcap must dissect in tshark with no malformed frame.

- test=ipx on both card models, under rr and pct: sockets, SAP, RIP,
  time-outs, a raw transact;
- test=ncp on both cards, and under sched=pct: a whole session (SAMPLE.DAT's
  hash matches the host file, the file written is on the host, the listing
  is the host's), then the keyed logins and the file calls NWRDR needs
  (test_ncpcalls.c), checked against the host's folders: what the
  directories, renames, sizes and wildcard searches left;
- test=ncppair under sched=pct: two runs of a seed have identical COM2
  traces (cmp), per card model; a sweep of seeds gives different
  interleavings, all correct;
- ncpserv's fault modes: dropped, duplicated and 0x9999-delayed replies
  still complete; a silent server ends in STATUS_IO_TIMEOUT, quickly;
- a flood of bad frames raises the bad-frame counter and a session works
  afterwards;
- test=ncpbench on a small file (make bench reads 4 MiB): the NCP read
  checks every byte and the raw exchange with ncpserv's echo completes;
- IPX's framings: the session in raw 802.3, 802.2 and SNAP with ncpserv
  bound to the same, every frame in it as tshark's fields read it and
  every 802.3 length counting LLC/SNAP and IPX only; ipxframe=auto learns
  802.2 from ncpserv's SAP reply after one query in each framing; a kernel
  in 802.2 does not find a server in raw 802.3 and says so quickly.
Every process started here is stopped at the end of its test.
"""
import filecmp
import fnmatch
import os
import random
import re
import socket
import struct
import threading
import time

import pytest

import ipxframes
import matrix
import test_ne2000 as ne
from irplab import BUILD, EXIT_PASS, ROOT

NCPSERV = os.path.join(BUILD, "ncpserv", "ncpserv")
FIXTURES = os.path.join(ROOT, "qemu", "ncpserv", "fixtures")

pytestmark = pytest.mark.skipif(not os.access(NCPSERV, os.X_OK),
                                reason="ncpserv not built: run through make test")


# ncpserv beside QEMU, with options; its volumes live under work/root.
Server = ne.Ncpserv


def write_bench_file(root, size):
    """SYS:PUBLIC\\BENCH.DAT for test=ncpbench: byte i = (i ^ i >> 9 ^ i >> 17) mod 256
    (GtBenchByte in tests/guest/test_ncpbench.c)."""
    with open(os.path.join(root, "SYS", "PUBLIC", "BENCH.DAT"), "wb") as f:
        f.write(bytes((i ^ i >> 9 ^ i >> 17) & 0xFF for i in range(size)))


def boot(qemu, tmp_path, nic, args, options=(), com2=None, name="run", before=None, timeout=90,
         extra=()):
    """Boots with a fresh ncpserv (BEFORE(server) runs first, once it is
    ready); returns (run, server, pcap)."""
    work = tmp_path / name
    work.mkdir()
    port = ne.free_udp_port()
    server = Server(str(work), port, options)
    if before:
        before(server)
    pcap = str(work / "wire.pcap")
    more = extra
    extra = [f"NIC={nic}", f"MAC={ne.MACS[nic]}", f"NETPORT={port}",
             f"PEERPORT={server.port}", f"PCAP={pcap}"]
    if com2:
        extra.append(f"COM2={com2}")
    try:
        run = qemu(args, timeout=timeout, extra=extra + list(more))
    finally:
        server.stop()
    return run, server, pcap


def check(run, pcap, request, ktap=True):
    """Passed (by its KTAP lines, or with ktap=False its exit status alone),
    no STOP, and every frame in the pcap dissects; the pcap kept if not."""
    try:
        if ktap:
            ne.assert_passed(run)
        else:
            assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
        assert "*** STOP" not in run.output
        assert ne.tshark(pcap, "-Y", "_ws.malformed") == ""
    except AssertionError:
        ne.keep(pcap, request.node.nodeid)
        raise


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


@pytest.mark.parametrize("row", matrix.IPX, ids=matrix.ids(matrix.IPX))
def test_ipx_sockets_sap_rip(qemu, tmp_path, row, request):
    run, _, pcap = boot(qemu, tmp_path, row.nic, row.args)
    check(run, pcap, request)
    assert "# ipx: SAP nearest NWSERVER network 00001234" in run.output
    rip = ne.tshark(pcap, "-Y", "ipxrip", "-T", "fields", "-e", "ipxrip.request")
    assert "1" in rip.split()


def check_calls(run, root):
    """What test_ncpcalls.c's cases printed and left, against the host."""
    assert "# ncp logins: SUPERVISOR is object 00000001; GUEST locked after 7 wrong " \
           "passwords" in run.output
    assert "# ncp calls: volume SYS, 8 sectors per cluster, 16384 clusters, 8192 free" \
        in run.output
    assert "# ncp calls: RESULT.TXT 3000 bytes, attributes 20, updated 20e1 6000" in run.output
    nwrdr = os.path.join(root, "SYS", "SYSTEM", "NWRDR")
    assert os.listdir(nwrdr) == ["RESULT.TXT"]          # SUB made, filled, emptied, deleted
    with open(os.path.join(nwrdr, "RESULT.TXT"), "rb") as f:
        assert f.read() == bytes(ord("a") + i % 26 for i in range(40)) + bytes(2960)
    public = sorted(os.listdir(os.path.join(root, "SYS", "PUBLIC")))
    txt = " ".join(n for n in public if n.endswith(".TXT"))
    sda = " ".join(n for n in public if fnmatch.fnmatchcase(n, "S*.DA?"))
    assert f"# ncp calls: search SYS:PUBLIC DOS *.TXT: {txt}\n" in run.output
    assert f"# ncp calls: search SYS:PUBLIC S*.DA?: {sda}\n" in run.output


def check_session(run, server, pcap):
    """What a whole test=ncp session leaves: the file read, the file written,
    the listing, the calls' results, the NCP functions on the wire."""
    with open(os.path.join(FIXTURES, "SYS", "PUBLIC", "SAMPLE.DAT"), "rb") as f:
        sample = f.read()
    assert f"SAMPLE.DAT {len(sample)} bytes fnv1a {fnv1a(sample):08x}" in run.output
    public = os.path.join(server.root, "SYS", "PUBLIC")
    with open(os.path.join(public, "IRPLAB.TXT")) as f:
        assert f.read() == "written by irplab session a\n"
    listing = " ".join(sorted(n for n in os.listdir(public) if re.fullmatch(r"[A-Z0-9_]{1,8}(\.[A-Z0-9_]{1,3})?", n)))
    assert f"# ncp a: dir SYS:PUBLIC: {listing}\n" in run.output
    check_calls(run, server.root)
    calls = ne.tshark(pcap, "-Y", "ncp.type == 0x2222", "-T", "fields", "-e", "ncp.func",
                      "-e", "ncp.subfunc")
    assert {"0x21", "0x17\t17", "0x17\t53", "0x17\t23", "0x17\t24", "0x17\t20", "0x16\t10",
            "0x16\t11", "0x16\t19", "0x17\t15", "0x12", "0x4c", "0x4d", "0x48", "0x43", "0x49",
            "0x47", "0x3d", "0x45", "0x44", "0x42", "0x3e", "0x3f", "0x18",
            "0x19"} <= {line.rstrip("\t") for line in calls.splitlines()}, calls
    codes = ne.tshark(pcap, "-Y", "ncp.type == 0x3333", "-T", "fields", "-e", "_ws.col.Info")
    assert "Unknown Error Code" not in codes          # every code one NetWare's dissector names


@pytest.mark.parametrize("row", matrix.NCP + [matrix.NCP_PCT],
                         ids=matrix.ids(matrix.NCP + [matrix.NCP_PCT]))
def test_whole_session(qemu, tmp_path, row, request):
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args)
    check(run, pcap, request)
    check_session(run, server, pcap)
    assert "# ipx: ipxframe=ethernet_ii, sending ethernet_ii;" in run.output


@pytest.mark.parametrize("row", matrix.NCPPAIR, ids=[row.nic for row in matrix.NCPPAIR])
def test_pct_pair_is_deterministic(qemu, tmp_path, row, request):
    traces, outputs = [], []
    for i in range(2):
        com2 = str(tmp_path / f"com2.{i}")
        run, _, pcap = boot(qemu, tmp_path, row.nic, row.args, com2=com2, name=f"run{i}")
        check(run, pcap, request)
        traces.append(com2)
        outputs.append(re.search(r"^# ncp: interleaving (\w+)$", run.output, re.M).group(1))
    assert os.path.getsize(traces[0]) > 0
    assert filecmp.cmp(traces[0], traces[1], shallow=False), "one seed, two traces"
    assert outputs[0] == outputs[1]


def test_pct_seeds_interleave_differently(qemu, tmp_path, request):
    seen = set()
    for row in matrix.NCPPAIR_SEEDS:
        run, _, pcap = boot(qemu, tmp_path, row.nic, row.args, name=row.id)
        check(run, pcap, request)
        seen.add(re.search(r"^# ncp: interleaving (\w+)$", run.output, re.M).group(1))
    assert len(seen) >= 3, seen


# The counter each fault mode must raise (matrix.NCP_FAULTS, in order).
FAULT_COUNTERS = ["retransmissions", None, "busy"]


@pytest.mark.parametrize("row,counter", list(zip(matrix.NCP_FAULTS, FAULT_COUNTERS)),
                         ids=matrix.ids(matrix.NCP_FAULTS))
def test_faults_still_complete(qemu, tmp_path, row, counter, request):
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv)
    check(run, pcap, request)
    stats = re.search(r"requests (\d+), retransmissions (\d+), busy (\d+)", run.output)
    assert stats, run.output
    values = dict(zip(("requests", "retransmissions", "busy"), map(int, stats.groups())))
    if counter:
        assert values[counter] > 0, run.output


def test_silent_server_ends_in_a_clear_error(qemu, tmp_path, request):
    start = time.monotonic()
    row = matrix.NCPSILENT
    run, _, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv)
    check(run, pcap, request)
    m = re.search(r"silent server: status 0x(\w+) after (\d+) ms", run.output)
    assert m and m.group(1) == "c00000b5" and int(m.group(2)) < 5000, run.output
    assert time.monotonic() - start < 60


def flood(port, mac, server, done):
    """Rounds of junk at the guest's MAC and broadcast, each followed by the
    end-of-flood datagram (IPX to socket 0x4100, data "DONE"), until the run
    ends (40 s at most). Loopback only."""
    rng = random.Random(6)
    ipx = struct.pack(">HHBBI6sHI6sH", 0xFFFF, 34, 0, 0, 0, mac, 0x4100, 0x1234,
                      b"\x02\x4e\x57\x00\x00\x01", 0x4001) + b"DONE"
    end = mac + b"\x02\x4e\x57\x00\x00\x01\x81\x37" + ipx
    deadline = time.monotonic() + 40
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        while not done.is_set() and time.monotonic() < deadline:
            for frame in ne.junk_frames(rng, mac):
                s.sendto(frame, ("127.0.0.1", port))
                time.sleep(0.001)
            s.sendto(end, ("127.0.0.1", port))
            done.wait(0.05)


def test_flood_then_session(qemu, tmp_path, request):
    work = tmp_path / "flood"
    work.mkdir()
    port = ne.free_udp_port()
    server = Server(str(work), port)
    pcap = str(work / "wire.pcap")
    done = threading.Event()
    mac = bytes.fromhex(ne.mac_hex("pci"))
    sender = threading.Thread(target=flood, args=(port, mac, server, done))
    sender.start()
    try:
        run = qemu("test=ncpflood", timeout=90,
                   extra=["NIC=pci", f"MAC={ne.MACS['pci']}", f"NETPORT={port}",
                          f"PEERPORT={server.port}", f"PCAP={pcap}"])
    finally:
        done.set()
        sender.join(timeout=30)
        server.stop()
    ne.assert_passed(run)
    bad = re.search(r"after flood: in (\d+), bad (\d+), not ipx (\d+)", run.output)
    assert bad and int(bad.group(2)) > 0, run.output
    assert "# ncp a: connection" in run.output


def test_ncpbench_on_a_small_file(qemu, tmp_path, request):
    size = 64 * 1024 + 300                  # a short last read too
    run, _, pcap = boot(qemu, tmp_path, "pci", "test=ncpbench", options=("--bench-echo",),
                        before=lambda server: write_bench_file(server.root, size))
    check(run, pcap, request)
    assert re.search(rf"^# ncpbench: ncp read {size} bytes in 65 requests of 1024 bytes "
                     r"\(20/1034 on the wire\) through NWRDR in NtReadFile calls of 64 KiB, "
                     r"\d+ ms$", run.output, re.M), run.output
    assert re.search(rf"^# ncpbench: raw 65 exchanges of 20/1034 bytes, {size} bytes copied, "
                     r"\d+ ms$", run.output, re.M), run.output
    assert re.search(r"^# ncpbench: raw small 1000 exchanges of 32/32 bytes, \d+ ms$",
                     run.output, re.M), run.output
    asked = ne.tshark(pcap, "-Y", "ipx.dst.socket == 0x8f01", "-T", "fields", "-e", "ipx.len")
    assert asked.split() == ["50"] * 65 + ["62"] * 1000, asked  # IPX header + 20, then + 32
    echoed = ne.tshark(pcap, "-Y", "ipx.src.socket == 0x8f01", "-T", "fields", "-e", "ipx.len")
    assert echoed.split() == ["1064"] * 64 + [str(30 + 10 + 300)] + ["62"] * 1000, echoed


GUEST = {nic: mac.lower() for nic, mac in matrix.MACS.items()}
SERVER_MAC = "02:4e:57:00:00:01"


def framing_counts(run):
    """The guest's ipx_framing line: (setting, in use, {framing: (in, out)})."""
    m = re.search(r"^# ipx: ipxframe=(\S+), sending (\S+); in/out per framing: (.*)$",
                  run.output, re.M)
    assert m, run.output
    counts = re.findall(r"(\S+) (\d+)/(\d+)", m.group(3))
    return m.group(1), m.group(2), {f: (int(i), int(o)) for f, i, o in counts}


def keep_on_failure(pcap, request, check):
    try:
        check()
    except AssertionError:
        ne.keep(pcap, request.node.nodeid)
        raise


@pytest.mark.parametrize("row", matrix.NCP_FRAMES, ids=matrix.ids(matrix.NCP_FRAMES))
def test_session_in_each_framing(qemu, tmp_path, row, request):
    framing = row.ncpserv[1]
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv)
    check(run, pcap, request)

    def wire():
        check_session(run, server, pcap)
        setting, in_use, counts = framing_counts(run)
        assert setting == in_use == framing, run.output
        assert counts[framing][0] > 0 and counts[framing][1] > 0, counts
        frames = ipxframes.framings(pcap)
        assert {f.framing for f in frames} == {framing}, frames
        assert all(f.length_counts_ipx for f in frames), frames
        assert {f.source for f in frames} == {GUEST[row.nic], SERVER_MAC}
    keep_on_failure(pcap, request, wire)


def test_auto_learns_the_servers_framing(qemu, tmp_path, request):
    row = matrix.NCP_AUTO
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv)
    check(run, pcap, request)

    def wire():
        check_session(run, server, pcap)
        assert "ipx: auto: sending 802.2 from now on" in run.output
        setting, in_use, counts = framing_counts(run)
        assert (setting, in_use) == ("auto", "802.2"), run.output
        assert {f: n for f, (n, _) in counts.items() if n} == {"802.2": counts["802.2"][0]}
        assert [out for f, (_, out) in sorted(counts.items()) if f != "802.2"] == [1, 1, 1]
        frames = ipxframes.framings(pcap)
        guest = [f.framing for f in frames if f.source == GUEST[row.nic]]
        assert sorted(guest[:4]) == sorted(ipxframes.NAMES), guest[:8]
        assert set(guest[4:]) == {"802.2"}, guest
        assert {f.framing for f in frames if f.source == SERVER_MAC} == {"802.2"}
        assert all(f.length_counts_ipx for f in frames), frames
        probes = ne.tshark(pcap, "-Y", f"eth.src == {GUEST[row.nic]}", "-T", "fields",
                           "-e", "ipxsap.packet_type").split()[:4]
        assert probes == ["3"] * 4, probes              # Get Nearest Server
    keep_on_failure(pcap, request, wire)


def test_framing_mismatch_ends_cleanly(qemu, tmp_path, request):
    """Kernel in 802.2, server in raw 802.3: the server never hears it, and
    the kernel says so with STATUS_BAD_NETWORK_PATH, in seconds."""
    row = matrix.NOSERVER
    started = time.monotonic()
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv)
    check(run, pcap, request)

    def wire():
        assert re.search(r"find: status 0xc00000be after \d+ ms", run.output), run.output
        assert re.search(r"connect: status 0xc00000be after \d+ ms", run.output), run.output
        frames = ipxframes.framings(pcap)
        assert frames and {(f.source, f.framing) for f in frames} == {(GUEST[row.nic], "802.2")}
        assert server.saw("a frame in 802.2, not 802.3: dropped")
        assert time.monotonic() - started < 60
    keep_on_failure(pcap, request, wire)
