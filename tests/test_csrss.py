"""test_csrss.py - LPC, CSRSS and basesrv's drive table, with NWRDR on the
wire to ncpserv as the redirector.

The csrss suite (tests/guest/test_csrss.c) runs push-down semantics, two
DefineDosDevice calls inside basesrv at once, a client process that ends
while CSRSS serves it, and the MMTA loop (two processes: net use X: and
net use X: /delete, each a login and a connection on the wire) serially
and under PCT, with the drive audit after every schedule. rtm must orphan
X: within the seed bound and print the audit, and the replay line it
prints must orphan X: at once in a fresh boot; sp must not, over every
schedule, nor rtm with NWRDR keeping one context per logon session
(nwrctx=logon, the KB's variable); serial runs never orphan. Under rr the
PCT case is a SKIP. Every frame dissects in tshark.
"""
import re

import pytest

import matrix
from irplab import EXIT_PASS
from test_guest import assert_ktap_passed
from test_ncp import boot, check

UNDER_PCT = [row for row in matrix.CSRSS if "sched=pct" in row.args]
UNDER_RR = [row for row in matrix.CSRSS if row not in UNDER_PCT]


@pytest.mark.parametrize("row", UNDER_PCT, ids=matrix.ids(UNDER_PCT))
def test_csrss_suite_under_pct(qemu, tmp_path, row, request):
    variant = re.search(r"basesrv=(\w+)", row.args).group(1)
    shared = " nwrctx=logon" if "nwrctx=logon" in row.args else ""
    run, _, pcap = boot(qemu, tmp_path, row.nic, row.args, timeout=row.timeout)
    check(run, pcap, request)
    assert_ktap_passed(run)
    assert "# SKIP" not in run.output
    assert f"serial ({variant}): 20 runs, 0 orphaned" in run.output
    held, inside = (1, 2) if variant == "sp" else (1, 1) if shared else (2, 2)
    assert f"held in the redirector: {held}; inside BaseSrvDefineDosDevice: {inside};" \
        in run.output
    if variant == "rtm" and not shared:
        m = re.search(r"X: orphaned at seed (\d+), schedule (\d+) "
                      r"\(replay: NIC=(\w+) ARGS=\"([^\"]+)\"\)", run.output)
        assert m, run.output
        assert re.search(r"#   X: entry .* top DEAD; orphan \d", run.output), run.output
        replay, _, _ = boot(qemu, tmp_path, m.group(3), m.group(4), name="replay",
                            timeout=row.timeout)
        assert f"X: orphaned at seed {m.group(1)}, schedule 1 " in replay.output, replay.output
    else:
        assert f"pct ({variant}{shared}): 300 schedules, 0 orphaned" in run.output


@pytest.mark.parametrize("row", UNDER_RR, ids=matrix.ids(UNDER_RR))
def test_csrss_suite_under_rr(qemu, tmp_path, row, request):
    run, _, pcap = boot(qemu, tmp_path, row.nic, row.args, timeout=row.timeout)
    check(run, pcap, request)
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    assert_ktap_passed(run)
    assert run.output.count("# SKIP") == 1
    assert "# SKIP the race is explored under sched=pct" in run.output


def test_csrss_suite_skips_without_a_card(qemu):
    run = qemu("test=csrss")
    assert_ktap_passed(run)
    assert run.output.count("# SKIP NWRDR is not running") == 5
