"""test_nwrdr.py - NWRDR, the NetWare redirector, on QEMU's wire with
ncpserv beside it (the guest suites tests/guest/test_nwrdr.c with
test_nwrnative.c, whose ring-3 half is tests/user/nwtest.c, and
test_nwrsilent.c).

Each row of matrix.NWRDR boots with a fresh ncpserv; the suite must pass
with its leak audit, every frame must dissect in tshark with nothing
malformed, and what the processes and the kernel-mode cases say they
read, wrote and listed must be what the host's volume holds - the bytes,
the files each create disposition left, and listings equal to the host's
directories - also when ncpserv duplicates or delays (0x9999) its
replies. Under sched=pct two boots of one seed, with two processes doing
file I/O at once, give identical traces. ncpserv's log shows every
connection it made destroyed again, but the one the suite had the server
clear (dead_connection), and the one deleted with a file open destroyed
at that file's close. A server that goes silent ends the read on the
wire with the network error within the client's time-out; a thread's
end cancels the read it queued behind it, and stop the rest.
"""
import filecmp
import os
import re

import pytest

import matrix
import test_ne2000 as ne
from test_ncp import FIXTURES, NCPSERV, boot, check, fnv1a

pytestmark = pytest.mark.skipif(not os.access(NCPSERV, os.X_OK),
                                reason="ncpserv not built: run through make test")


def server_log(server):
    with open(server.log_path) as f:
        return f.read()


def assert_no_connection_left(server):
    """Every connection ncpserv made (its -v log) was destroyed again, or
    cleared by a test (Clear Connection Number)."""
    log = server_log(server)
    made = sorted(re.findall(r"create task \d+ -> connection (\d+)$", log, re.M))
    gone = sorted(re.findall(r"(?:destroy|clear) connection (\d+)$", log, re.M))
    assert made and made == gone, (made, gone)


def sample():
    with open(os.path.join(FIXTURES, "SYS", "PUBLIC", "SAMPLE.DAT"), "rb") as f:
        return f.read()


def sample_line():
    data = sample()
    return f"# nwtest: SAMPLE.DAT {len(data)} bytes fnv1a {fnv1a(data):08x}"


def listing(directory):
    """A host directory as a listing through NWRDR must give it: every name
    but the dot files ncpserv does not serve, in order."""
    return sorted(n for n in os.listdir(directory) if not n.startswith("."))


def read_host(path):
    with open(path, "rb") as f:
        return f.read()


# What native_files (tests/guest/test_nwrnative.c) leaves in SYS:NWNATIVE.
NATIVE_FILES = {
    "WRITTEN.DAT": bytes((i * 13 + 7) & 0xFF for i in range(3000)),
    "SUPER.TXT": b"superseded\r\n",
    "NEWSUP.TXT": b"",
    "OVER.TXT": b"overwritten\r\n",
    "RENAMED.TXT": b"renamed\r\n",
}


def check_native_files(run, server):
    """native_files: what it left and listed, SAMPLE.DAT's size and the
    volume it saw, against the host's volume."""
    sys_volume = os.path.join(server.root, "SYS")
    native = os.path.join(sys_volume, "NWNATIVE")
    assert listing(native) == sorted(NATIVE_FILES), listing(native)
    for name, data in NATIVE_FILES.items():
        assert read_host(os.path.join(native, name)) == data, name
    for label, directory in (("NWNATIVE", native), ("PUBLIC", os.path.join(sys_volume, "PUBLIC"))):
        line = re.search(rf"^# nwrdr: native listing of {label}:(.*)$", run.output, re.M)
        assert line and sorted(line.group(1).split()) == listing(directory), (label, line)
    assert f"# nwrdr: native SAMPLE.DAT standard size {len(sample())}\n" in run.output
    assert "# nwrdr: native volume SYS, 8192 of 16384 clusters of 8 sectors of 512 bytes free, " \
           "device 0x14 remote, file system NWCOMPAT\n" in run.output, run.output


def check_ended_connections(run, server):
    """dead_connection and forced_delete: the connection the server cleared
    (the only one), the file read whole through the letter made again, the
    server's cache of SAP answers used for it; the connection deleted with
    a file open destroyed at that file's close; WNet's forced cancel."""
    data = sample()
    assert re.search(rf"^# nwrdr: connection \d+ ended by the server; K: again: SAMPLE.DAT "
                     rf"{len(data)} bytes fnv1a {fnv1a(data):08x}$", run.output, re.M), run.output
    cached = re.search(r"^# nwrdr after the dead connection: .*, SAP \d+ \(cached (\d+)\)$",
                       run.output, re.M)
    assert cached and int(cached.group(1)) > 0, run.output
    log = server_log(server)
    cleared = re.findall(r"^ncpserv: clear connection (\d+)$", log, re.M)
    forced = re.search(r"^# nwrdr: K: deleted with a file open; connection (\d+) ended at the "
                       r"file's close$", run.output, re.M)
    assert len(cleared) == 1 and forced, (cleared, run.output)
    assert re.search(rf"^ncpserv: destroy connection {forced.group(1)}$", log, re.M), log
    assert "# nwtest: X: cancelled by force with a file open; its reads failed with 64" \
        in run.output


WIRE_ROWS = matrix.NWRDR + matrix.NWRDR_FRAMES + matrix.NWRDR_FAULTS


@pytest.mark.parametrize("row", WIRE_ROWS, ids=matrix.ids(WIRE_ROWS))
def test_redirector_on_the_wire(qemu, tmp_path, row, request):
    """On both cards, under PCT, in each of IPX's four framings, and with
    duplicated and 0x9999-delayed replies: the bytes, files and listings
    the host's volume holds, and the connections the suite ended gone."""
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv,
                             timeout=row.timeout)
    check(run, pcap, request)
    assert sample_line() in run.output
    public = os.path.join(server.root, "SYS", "PUBLIC")
    for letter in "XY":
        with open(os.path.join(public, f"NWTEST{letter}.TXT")) as f:
            assert f.read() == f"written by nwtest through {letter}:\n"
    # The last session's listing (reload's) comes after every case that
    # adds to PUBLIC: it must be the host's directory, name for name.
    listed = re.findall(r"^# nwtest: X:\\PUBLIC: (.*)$", run.output, re.M)[-1].split()
    assert sorted(listed) == listing(public), (listed, listing(public))
    assert "server connections 0 before, 1 while Y: was held, 0 after" in run.output
    assert_no_connection_left(server)
    files = os.path.join(public, "NWFILES")          # the file calls' leavings
    assert listing(files) == ["KEPT.TXT", "NEW.TXT", "TRUNC.TXT"]
    assert read_host(os.path.join(files, "KEPT.TXT")) == b"kept by F:\r\n"
    assert read_host(os.path.join(files, "NEW.TXT")) == b"made new by F:\r\n"
    assert read_host(os.path.join(files, "TRUNC.TXT")) == b"truncated by F:\r\n"
    assert re.search(r"^# nwtest: F: volume SYS serial \d+, \d+ of \d+ clusters of \d+ sectors "
                     r"free, file system NWCOMPAT$", run.output, re.M), run.output
    check_native_files(run, server)
    check_ended_connections(run, server)


def test_two_boots_of_a_seed_give_one_trace(qemu, tmp_path, request):
    row = matrix.NWRDR[-1]
    traces = []
    for i in range(2):
        com2 = str(tmp_path / f"com2.{i}")
        run, _, pcap = boot(qemu, tmp_path, row.nic, row.args, com2=com2, name=f"run{i}")
        check(run, pcap, request)
        traces.append(com2)
    assert os.path.getsize(traces[0]) > 0
    assert filecmp.cmp(traces[0], traces[1], shallow=False), "one seed, two traces"


def test_silent_server_ends_reads_and_stop_cancels_the_queue(qemu, tmp_path, request):
    """The read on the wire ends with STATUS_UNEXPECTED_NETWORK_ERROR within
    the client's time-out (6 tries of 250 ms, and half a second for a guest
    scheduled late); a thread's end cancels the read it queued behind it
    (IoCancelThreadIo through NWRDR's cancel routine), stop the other three."""
    row = matrix.NWRDR_SILENT
    run, _, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv)
    check(run, pcap, request)
    assert "# nwrdr: a thread's queued read, at its end: 0xc0000120\n" in run.output, run.output
    wire = re.search(r"on the wire: 0xc00000c4 after (\d+) ms \(time-out 1500 ms, bound 2000 ms\); "
                     r"queued: 0xc0000120 0xc0000120 0xc0000120$", run.output, re.M)
    assert wire and 1250 <= int(wire.group(1)) <= 2000, run.output


def test_server_beyond_a_router_is_reached_through_it(qemu, tmp_path, request):
    """ncpserv on an internal network: NWRDR asks RIP for it after SAP, and
    every frame to that network goes to the station that answered."""
    row = matrix.NWRDR_ROUTED
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv)
    check(run, pcap, request)
    assert_no_connection_left(server)
    assert sample_line() in run.output
    asked = ne.tshark(pcap, "-Y", "ipxrip.request == 1", "-T", "fields", "-e", "ipxrip.route_vector")
    assert "0x00abcdef" in asked.split(), asked
    router = set(ne.tshark(pcap, "-Y", "ipx.src.net == 0x00abcdef", "-T", "fields",
                           "-e", "eth.src").split())
    sent = set(ne.tshark(pcap, "-Y", "ipx.dst.net == 0x00abcdef && ipx.dst.socket == 0x0451",
                         "-T", "fields", "-e", "eth.dst").split())
    assert len(router) == 1 and sent == router, (router, sent)
