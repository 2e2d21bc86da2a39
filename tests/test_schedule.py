"""test_schedule.py - schedule control under sched=pct, across boots.

The pct suite (tests/guest/test_pct.c) runs timed waits, the racy counter
and a traced schedule. Here: the suite passes for several seeds; a lost
update is found within the bound and the seed is printed; the virtual
times and the full trace (COM2, compared with cmp) are identical in two
boots of one seed, and the traces of different seeds differ.
"""
import filecmp
import re

import pytest

import matrix
from irplab import EXIT_PASS


def pct_run(qemu, tmp_path, seed, name):
    """Boots the pct suite with SEED (a number, or a matrix row's arguments)."""
    com2 = tmp_path / f"{name}.com2"
    args = seed if isinstance(seed, str) else matrix.PCT_ARGS.format(seed)
    run = qemu(args, extra=[f"COM2={com2}"])
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    assert all(ok for ok, _, _ in run.ktap()), run.output
    return run, com2


@pytest.mark.parametrize("row", matrix.PCT, ids=matrix.ids(matrix.PCT))
def test_pct_suite_passes_and_finds_the_race(qemu, tmp_path, row):
    run, _ = pct_run(qemu, tmp_path, row.args, "a")
    assert "serial schedules: 50 runs, 0 lost updates" in run.output
    m = re.search(r"first lost update at seed (\d+), schedule (\d+)", run.output)
    assert m, run.output
    assert int(m.group(2)) <= 200


def test_same_seed_same_trace(qemu, tmp_path):
    first, com2a = pct_run(qemu, tmp_path, 42, "a")
    second, com2b = pct_run(qemu, tmp_path, 42, "b")
    assert filecmp.cmp(com2a, com2b, shallow=False), "the full traces of one seed differ"
    times = [re.search(r"# virtual times: start (\d+), delay ended (\d+), time-out ended (\d+)",
                       r.output) for r in (first, second)]
    assert times[0].group(0) == times[1].group(0)
    start, delay, timeout = map(int, times[0].groups())
    assert (delay - start, timeout - start) == (30010, 70000), times[0].group(0)
    text = com2a.read_text()
    for kind in [" switch ", " point ", " wait ", " unwait ", " signal ", " timer ", " create ",
                 " exit ", " deliver "]:
        assert kind in text, f"no{kind}event in the trace"
    assert re.search(r"^trace: \d+ events, hash [0-9a-f]{16}$", text, re.M)


def test_concurrent_io_trace_is_the_same_for_one_seed(qemu, tmp_path):
    traces = []
    for name in "ab":
        com2 = tmp_path / f"io-{name}.com2"
        run = qemu(matrix.IOPCT.args, extra=[f"COM2={com2}"])
        assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
        traces.append(com2)
    assert filecmp.cmp(traces[0], traces[1], shallow=False)
    text = traces[0].read_text()
    for kind in [" irp-issue ", " irp-dispatch ", " irp-pend ", " irp-complete ", " apc-run "]:
        assert kind in text, f"no{kind}event in the trace"


def test_different_seeds_different_traces(qemu, tmp_path):
    _, com2a = pct_run(qemu, tmp_path, 1, "a")
    _, com2b = pct_run(qemu, tmp_path, 2, "b")
    assert not filecmp.cmp(com2a, com2b, shallow=False)
