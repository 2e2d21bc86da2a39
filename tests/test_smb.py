"""test_smb.py - the kernel's SMB client on QEMU's wire, with smbserv
(NTSERVER) and ncpserv on one hub (run.sh SMBSERV=on; the guest suite
tests/guest/test_smb.c).

Each boot starts its own ncpserv and smbserv (--deterministic -v, plus the
row's fault mode) on loopback and hands run.sh both pairs of ports, so that
the test keeps smbserv's share to look at. For every row of matrix.SMB,
SMB_PCT and SMB_FAULTS - both cards, sched=pct, every third reply lost -
the suite passes with its leak audit, every frame of the pcap dissects in
tshark with nothing malformed, and what the client says it found is the
host's:
- NTSERVER's address is smbserv's, LANMAN1.0 was chosen;
- smbserv's control reset, with the key on the boot line (smbkey=), ran;
  a socket nobody serves timed out (not under pct, which skips it);
- the fixture's size and FNV-1a hash are the host file's;
- the file written is on the host byte for byte, cut to its final size,
  with the last-write time the client set;
- each search's listing is the host folder's under DOS's wildcards;
- what the renames, deletes and directories leave in the share's root;
- every command the client sends is on the wire, each reply from
  smbserv's MAC, and ncpserv answers none of it;
- retransmissions only when smbserv drops replies, and then some.
Under sched=pct two boots of one seed give identical COM2 traces.
Every process started here is stopped at the end of its test.
"""
import filecmp
import os
import re

import pytest

import matrix
import test_ne2000 as ne
import test_smbserv
from test_ncp import FIXTURES, NCPSERV, check, fnv1a
from test_smbserv import SMBSERV, dos_match, host_listing

MAIL = os.path.join(FIXTURES, "MAIL")
SMB_MAC, NCP_MAC = "02:4e:54:00:00:01", "02:4e:57:00:00:01"
SET_TIME = 820497600            # test_smb.c's GT_SMB_TIME
FIXED_TIME = 836222400          # what smbserv --deterministic reports for every file
WRITTEN = bytes(ord("a") + i % 26 for i in range(2500))
# The commands test=smb sends: every one the client has.
COMMANDS = {0x72, 0x73, 0x74, 0x75, 0x71, 0x2D, 0x03, 0x0F, 0x0A, 0x0B, 0x04, 0x05, 0x81,
            0x08, 0x09, 0x80, 0x00, 0x01, 0x10, 0x06, 0x07}

pytestmark = pytest.mark.skipif(
    not (os.access(NCPSERV, os.X_OK) and os.access(SMBSERV, os.X_OK)),
    reason="ncpserv or smbserv not built: run through make test")


def boot(qemu, tmp_path, row, com2=None, name="run"):
    """Boots ROW with a fresh ncpserv and smbserv; returns (run, smbserv, pcap)."""
    work = tmp_path / name
    for folder in ("ncp", "smb"):
        (work / folder).mkdir(parents=True)
    port = ne.free_udp_port()
    ncp = ne.Ncpserv(str(work / "ncp"), port, row.ncpserv)
    try:
        smb = test_smbserv.Server(str(work / "smb"), "--deterministic", *row.smbserv)
    except AssertionError:
        ncp.stop()
        raise
    pcap = str(work / "wire.pcap")
    extra = [f"NIC={row.nic}", f"MAC={ne.MACS[row.nic]}", f"NETPORT={port}",
             f"PEERPORT={ncp.port}", "SMBSERV=on", f"SMBNETPORT={smb.client_port}",
             f"SMBPEERPORT={smb.address.rsplit(':', 1)[1]}", f"PCAP={pcap}"]
    if com2:
        extra.append(f"COM2={com2}")
    try:
        run = qemu(f"{row.args} smbkey={test_smbserv.CONTROL_KEY}", timeout=row.timeout,
                   extra=extra)
    finally:
        ncp.stop()
        smb.stop()
    return run, smb, pcap


def printed(run, pattern):
    m = re.search(pattern, run.output, re.M)
    assert m, f"{pattern!r} not in\n{run.output}"
    return m


def check_files(run, share):
    """The fixture read, the file written, the time set, what is left."""
    with open(os.path.join(MAIL, "MAILDATA", "GLB", "CONTROL.GLB"), "rb") as f:
        fixture = f.read()
    assert f"# smb: CONTROL.GLB {len(fixture)} bytes fnv1a {fnv1a(fixture):08x}\n" in run.output
    written = os.path.join(share, "SMBTEST.DAT")
    with open(written, "rb") as f:
        assert f.read() == WRITTEN
    assert int(os.stat(written).st_mtime) == SET_TIME
    assert f"# smb: SMBTEST.DAT 2500 bytes, attributes 20, written {FIXED_TIME}\n" in run.output
    assert sorted(os.listdir(share)) == ["MAILDATA", "SMBKEPT", "SMBTEST.DAT"]
    assert os.listdir(os.path.join(share, "SMBKEPT")) == []


def check_listings(run, share):
    """Each search printed is the host folder's, under DOS's wildcards."""
    searches = re.findall(r"^# smb: search (\S+):(.*)$", run.output, re.M)
    assert [pattern for pattern, _ in searches] == [
        "\\MAILDATA\\*.*", "\\MAILDATA\\GLB\\*.GLB", "\\MAILDATA\\GLB\\?????.GL?"]
    for pattern, names in searches:
        *folders, wildcard = pattern.strip("\\").split("\\")
        host = host_listing(os.path.join(share, *folders), wildcard == "*.*")
        assert names.split() == [n for n in host if dos_match(wildcard, n)], pattern
    assert len(searches[0][1].split()) > 8          # more than one SEARCH: resume keys


def check_wire(run, pcap):
    """Every command on the wire; replies from smbserv alone."""
    sent = ne.tshark(pcap, "-Y", "smb.flags.response == 0", "-T", "fields", "-e", "smb.cmd")
    assert {int(c.split(",")[0], 16) for c in sent.split()} == COMMANDS, sent
    replies = ne.tshark(pcap, "-Y", "smb.flags.response == 1", "-T", "fields", "-e", "eth.src")
    assert set(replies.split()) == {SMB_MAC}
    names = ne.tshark(pcap, "-Y", "nmpi", "-T", "fields", "-e", "eth.src", "-e", "_ws.col.Info")
    assert f"{SMB_MAC}\tName NTSERVER<20> found" in names, names
    ncp = ne.tshark(pcap, "-Y", f"eth.src == {NCP_MAC} && !ipxsap")
    assert ncp == "", ncp                           # SAP at most: never an answer to SMB


ROWS = matrix.SMB + [matrix.SMB_PCT] + matrix.SMB_FAULTS


@pytest.mark.parametrize("row", ROWS, ids=matrix.ids(ROWS))
def test_client_against_ntserver(qemu, tmp_path, row, request):
    run, smb, pcap = boot(qemu, tmp_path, row)
    check(run, pcap, request)
    share = os.path.join(smb.root, "MAIL")
    try:
        assert "# smb: NTSERVER at 00001234:024e54000001 socket 0550\n" in run.output
        assert "# smb: dialect LANMAN1.0, security mode 1, max buffer 1450\n" in run.output
        printed(run, r"^ok \d+ smb_reset$")
        assert "control reset epoch 1 -> 0" in smb.logged()
        silent = printed(run, r"^ok \d+ smb_silent_server(.*)$").group(1)
        assert ("SKIP" in silent) == ("sched=pct" in row.args), silent
        check_files(run, share)
        check_listings(run, share)
        check_wire(run, pcap)
        stats = printed(run, r"^# smb: requests (\d+), retransmissions (\d+), stray (\d+)$")
        retransmissions = int(stats.group(2))
        assert (retransmissions > 0) == ("--drop-every" in row.smbserv), run.output
        assert "fault: reply" in smb.logged() or not row.smbserv
    except AssertionError:
        ne.keep(pcap, request.node.nodeid)
        raise


def test_two_boots_of_a_seed_give_one_trace(qemu, tmp_path, request):
    traces = []
    for i in range(2):
        com2 = str(tmp_path / f"com2.{i}")
        run, _, pcap = boot(qemu, tmp_path, matrix.SMB_PCT, com2=com2, name=f"run{i}")
        check(run, pcap, request)
        traces.append(com2)
    assert os.path.getsize(traces[0]) > 0
    assert filecmp.cmp(traces[0], traces[1], shallow=False), "one seed, two traces"
