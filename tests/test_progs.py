"""test_progs.py - the KB's programs (user/mmta, user/cim, user/winfile) as
processes on QEMU's wire with ncpserv beside it (the guest suite
tests/guest/test_progs.c).

Each row of matrix.PROGS boots with a fresh ncpserv. The suite frames
every process with "# progs: run: LINE" and "# progs: exit LINE -> N";
several run at once, so the programs' own lines are told apart by their
prefix ("MMTA <I>:", "CIM:", "File Manager:"), and each must be exactly
the program's documented line. What the instances wrote through their
drives must be on the host: each instance's log MAILDATA\\LOG\\MMTA<I>.LOG
holds one line per round it connected, and the postoffice's own files are
untouched. With NWRDR's context per process (NT 3.51's) cim and File
Manager get Access Denied on the drive an MTA instance holds; with
nwrctx=logon (the KB's control) they read it, and two instances of the
range X-X collide in the redirector (85) instead. Without a card the wire
cases are SKIP.
"""
import filecmp
import os
import re

import pytest

import matrix
from test_guest import assert_ktap_passed
from test_ncp import FIXTURES, NCPSERV, boot, check
from test_nwrdr import assert_no_connection_left

pytestmark = pytest.mark.skipif(not os.access(NCPSERV, os.X_OK),
                                reason="ncpserv not built: run through make test")

MAIL = "\\\\NWSERVER\\MAIL"
DRIVE_MESSAGE = "Drive is used, local, or greater than last drive"
MMTA_USAGE = "usage: mmta INSTANCE \\\\SERVER\\VOLUME FIRST-LAST ROUNDS [PASSWORD] [/hold:MS]"
WIRE_CASES = ("mmta_alone", "mmta_drive_taken", "mmta_pair_disjoint", "mmta_pair_same_range",
              "cim_remote_drive", "winfile_held_drive")


def exits(output):
    """{command line: exit status} of every process the suite ran."""
    return {line: int(status)
            for line, status in re.findall(r"^# progs: exit (.*) -> (-?\d+)$", output, re.M)}


def said(output, prefix):
    """The lines that start with PREFIX, in order, without it."""
    return [line[len(prefix):] for line in output.splitlines() if line.startswith(prefix)]


def mmta(output, instance):
    return said(output, f"MMTA {instance}: ")


def log_lines(server, instance):
    path = os.path.join(server.root, "MAIL", "MAILDATA", "LOG", f"MMTA{instance}.LOG")
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        return f.read().decode().splitlines(keepends=True)


def served(letter, rounds):
    """What an instance alone prints for ROUNDS rounds on LETTER."""
    lines = []
    for r in range(1, rounds + 1):
        lines += [f"{letter}: connected to {MAIL}", f"{letter}: 2 queued, log {26 * r} bytes",
                  f"{letter}: disconnected"]
    return lines + [f"done, {rounds} connected, 0 drive messages"]


def check_same_range(output, server, per_logon):
    """mmta 6 and 7, both X-X, 4 rounds at once: each round of each is a
    connection, the drive message or a refused connection."""
    refused = 0
    for instance in (6, 7):
        lines = mmta(output, instance)
        done = re.fullmatch(r"done, (\d+) connected, (\d+) drive messages", lines[-1])
        assert done, lines
        connected, messages = int(done.group(1)), int(done.group(2))
        cannot = [x for x in lines if x.startswith("cannot connect X: ")]
        refused += len(cannot)
        assert lines.count(DRIVE_MESSAGE) == messages
        assert connected + messages + len(cannot) == 4, lines
        assert len(log_lines(server, instance)) == connected
        for x in cannot:
            assert re.fullmatch(rf"cannot connect X: to {re.escape(MAIL)}: error \d+ .+", x), x
    if per_logon:       # one context: the second X: collides in the redirector
        assert refused > 0


def check_postoffice_untouched(server):
    ours = os.path.join(server.root, "MAIL", "MAILDATA")
    theirs = os.path.join(FIXTURES, "MAIL", "MAILDATA")
    for folder in ("GLB", "P1"):
        names = sorted(os.listdir(os.path.join(theirs, folder)))
        assert sorted(os.listdir(os.path.join(ours, folder))) == names
        _, mismatch, errors = filecmp.cmpfiles(os.path.join(ours, folder),
                                               os.path.join(theirs, folder), names, shallow=False)
        assert mismatch == errors == []
    with open(os.path.join(ours, "LOG", "MMTA.LOG"), "rb") as f:
        assert f.read() == b""


@pytest.mark.parametrize("row", matrix.PROGS, ids=matrix.ids(matrix.PROGS))
def test_programs_on_the_wire(qemu, tmp_path, row, request):
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv,
                             timeout=row.timeout)
    check(run, pcap, request)
    assert_ktap_passed(run)
    assert "# SKIP" not in run.output
    out, status = run.output, exits(run.output)
    per_logon = "nwrctx=logon" in row.args

    # alone: three rounds, each connected, served and disconnected
    assert mmta(out, 1) == served("X", 3)
    assert status[f"mmta 1 {MAIL} X-X 3 MAILAGENT"] == 0
    # X: held by instance 2: instance 3 says so every round
    assert mmta(out, 3) == [DRIVE_MESSAGE] * 5 + ["done, 0 connected, 5 drive messages"]
    assert mmta(out, 2) == served("X", 1)
    # disjoint ranges at once
    assert mmta(out, 4) == served("X", 3) and mmta(out, 5) == served("Y", 3)
    check_same_range(out, server, per_logon)
    for instance, connected in ((1, 3), (2, 1), (4, 3), (5, 3), (8, 1), (9, 1)):
        assert log_lines(server, instance) == [
            f"MMTA {instance} round {r}: 2 queued\r\n" for r in range(1, connected + 1)]
    assert log_lines(server, 3) == []

    assert mmta(out, 8) == served("X", 1) and mmta(out, 9) == served("X", 1)

    # cim while instance 8 holds X:
    cim = said(out, "CIM: ")
    if per_logon:
        assert len(cim) == 3 and all(re.fullmatch(r"X: MAIL \d+ bytes free", x) for x in cim[:2])
    else:
        assert cim[:2] == ["X: error 5 Access is denied."] * 2
    assert cim[-1] == "done, 2 rounds" and status["cim 50 2"] == 0

    # File Manager on instance 9's X:, then on the local R:
    files = said(out, "File Manager: ")
    if per_logon:
        assert files[:3] == ["X:\\", "X:\\MAILDATA <DIR>", "1 files"]
        assert status["winfile X:"] == 0
    else:
        assert files[0] == "X:\\ - Access is denied."
        assert status["winfile X:"] == 5
    assert files[-4:] == ["R:\\", "R:\\README.TXT 15", "R:\\DATA <DIR>", "2 files"]
    assert status["winfile R:"] == 0

    # bad arguments: one usage line each
    assert said(out, "usage: mmta ") == [MMTA_USAGE.removeprefix("usage: mmta ")] * 6
    assert said(out, "usage: cim ") == ["PERIOD-MS ROUNDS"] * 2
    assert said(out, "usage: winfile ") == ["X:"] * 2
    assert status["mmta"] == 2 and status["cim 50"] == 2 and status["winfile XY"] == 87

    check_postoffice_untouched(server)
    assert_no_connection_left(server)


def test_programs_skip_without_a_card(qemu):
    run = qemu("test=progs")
    assert_ktap_passed(run)
    assert run.output.count("# SKIP NWRDR is not running") == len(WIRE_CASES)
    assert "File Manager: 2 files" in run.output
