"""test_user.py - processes in ring 3 (tests/guest/test_user.c with
tests/user/utest.c), under sched=pct: the suite passes for several seeds,
and two boots of one seed, with several processes and threads at once,
give byte-identical traces (COM2, compared with cmp) that show the
processes' threads switching and their system calls' schedule points.
"""
import filecmp
import os
import re

import pytest

from irplab import EXIT_PASS, ROOT

PCT_ARGS = "test=user sched=pct seed={} trace=full"


def user_run(qemu, tmp_path, seed, name):
    com2 = tmp_path / f"{name}.com2"
    run = qemu(PCT_ARGS.format(seed), extra=[f"COM2={com2}"])
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    assert run.ktap() and all(ok for ok, _, _ in run.ktap()), run.output
    return run, com2


@pytest.mark.parametrize("seed", [1, 9])
def test_user_suite_passes_under_pct(qemu, tmp_path, seed):
    user_run(qemu, tmp_path, seed, f"s{seed}")


def test_processes_trace_is_the_same_for_one_seed(qemu, tmp_path):
    _, a = user_run(qemu, tmp_path, 5, "a")
    _, b = user_run(qemu, tmp_path, 5, "b")
    assert filecmp.cmp(a, b, shallow=False), "two boots of seed 5 traced differently"
    text = a.read_text()
    for kind in [" switch ", " point ", " create ", " exit ", " irp-issue "]:
        assert kind in text, f"no{kind}event in the trace"


SERVICES = sum(line.startswith("SERVICE(")
               for line in open(os.path.join(ROOT, "include", "ntsvc.h")))


@pytest.mark.parametrize("args", ["test=svcfuzz seed=1", "test=svcfuzz seed=2 sched=pct"],
                         ids=["rr", "pct"])
def test_service_fuzzer_finds_every_call_returning(qemu, args):
    run = qemu(args, timeout=300)
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    assert run.ktap() and all(ok for ok, _, _ in run.ktap()), run.output
    m = re.search(r"svcfuzz: seed \d+: (\d+) calls of (\d+) services, (\d+) returned, "
                  r"(\d+) stuck workers ended", run.output)
    assert m, run.output
    calls, services, returned, ended = map(int, m.groups())
    assert calls == 1000 * services and services == SERVICES     # every one of ntsvc.h
    assert returned + ended == calls     # every call came back, or was ended while it blocked
