"""test_lowres.py - low-resource simulation, as Driver Verifier does it (the
guest suite tests/guest/test_lowres.c, and the failpool= boot switch).

Each row of matrix.LOWRES with a card boots with a fresh ncpserv: for every
operation - connect, open, read, write, close, disconnect, and
DefineDosDevice's define and remove through CSRSS - every pool allocation
it makes is failed in turn. The suite must pass with its leak audit (it
checks each point: STATUS_INSUFFICIENT_RESOURCES or a success, the same
call unfailed then works, nothing leaked, ncpserv's connection count
unchanged), every frame must dissect, and ncpserv's log must show every
connection it made destroyed again. failpool=N replays one point. Without a
card every case is a SKIP.

failpool=N on another suite fails the Nth allocation after its baseline:
whatever its cases say then, the run must end without a bugcheck and with
a clean leak audit.
"""
import os
import re

import pytest

import matrix
import test_ne2000 as ne
from irplab import EXIT_PASS
from test_ncp import NCPSERV, boot, check
from test_nwrdr import assert_no_connection_left

OPERATIONS = ["connect", "open", "read", "write", "close", "disconnect", "define", "remove"]
SUMMARY = re.compile(r"^# lowres (\w+): (\d+) allocations, each failed in turn: (\d+) answered "
                     r"STATUS_INSUFFICIENT_RESOURCES, (\d+) absorbed \(success\), (\d+) wrong; ",
                     re.M)
POINT = re.compile(r"^# (\w+) (\d+): 0x([0-9a-f]{8}); allocation (\d+) of \d+ failed: "
                   r"'(.{4})' for (\S+) from (\S+)$", re.M)

CARD_ROWS = [row for row in matrix.LOWRES if row.nic != "none"]
needs_ncpserv = pytest.mark.skipif(not os.access(NCPSERV, os.X_OK),
                                   reason="ncpserv not built: run through make test")


@needs_ncpserv
@pytest.mark.parametrize("row", CARD_ROWS, ids=matrix.ids(CARD_ROWS))
def test_every_allocation_failed_in_turn(qemu, tmp_path, row, request):
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args)
    check(run, pcap, request)
    summaries = {m[0]: tuple(map(int, m[1:])) for m in SUMMARY.findall(run.output)}
    assert sorted(summaries) == sorted(OPERATIONS), run.output
    points = POINT.findall(run.output)
    one = re.search(r"failpool=(\d+)", row.args)
    for op, (counted, insufficient, absorbed, wrong) in summaries.items():
        swept = 1 if one else counted
        assert counted > 0 and wrong == 0, (op, run.output)
        assert insufficient + absorbed == swept, op
        mine = [p for p in points if p[0] == op]
        assert [int(p[1]) for p in mine] == ([int(one.group(1))] if one else
                                             list(range(1, counted + 1))), op
        assert all(p[1] == p[3] for p in mine)
        # close never fails its caller: the I/O manager's CLEANUP and CLOSE
        # IRPs, and NCP's Close File, are asked for again until they come
        assert op != "close" or insufficient == 0
    assert_no_connection_left(server)


def test_without_a_card_every_case_is_skipped(qemu):
    run = qemu(next(row.args for row in matrix.LOWRES if row.nic == "none"))
    ne.assert_passed(run)
    cases = [name for _, _, name in run.ktap()][:-1]
    assert all(re.search(rf"^ok \d+ {name} # SKIP", run.output, re.M) for name in cases)


@needs_ncpserv
@pytest.mark.parametrize("nth", [1, 600, 1500, 2036, 2500])
def test_failpool_on_a_whole_suite_ends_clean(qemu, tmp_path, nth):
    """The switch on test=nwrdr (processes, CSRSS, NWRDR on the wire): one
    allocation failed anywhere, then no bugcheck and a clean leak audit,
    whatever the cases say. 2036 fails the start of per_process's second
    process (0xC000009A), which once stopped the run in the suite itself:
    GtWaitProcess took the NULL it was given."""
    run, server, _ = boot(qemu, tmp_path, "pci", f"test=nwrdr failpool={nth}")
    assert "*** STOP" not in run.output, run.output
    assert re.search(rf"^# failpool={nth}: allocation {nth} of \d+ failed: '.{{4}}' for \S+ from",
                     run.output, re.M), run.output
    assert run.ktap()[-1][1:] == (len(run.ktap()), "leak_audit")
    assert run.ktap()[-1][0], run.output
    assert run.status == EXIT_PASS or "not ok" in run.output
