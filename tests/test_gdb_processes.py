"""test_gdb_processes.py - how the gdb commands of qemu/gdb/irplab.py see
processes: `ps` with each process's image and base, `threads` with each
thread's TEB, and `peb`, which reads a process's user memory through that
process's own page directory.

One batch gdb session boots test=csrss and stops in the kernel's init
thread (the System process's page directory loaded) while two wintest
clients, started with different command lines, wait inside CSRSS. Their
PEBs and parameters sit at the same user addresses in each process; `peb`
must find each one's own.
"""
import re

import pytest

import irplab
from test_debug import gdb_batch

# the bases user/user.mk and tests/tests.mk link the images at
CSRSS_BASE, WINTEST_BASE = 0x40400000, 0x41800000
COMMAND_LINES = ["wintest netuse \\\\NWSERVER\\SYS 1 MAILAGENT",
                 "wintest netuse \\\\NWSERVER\\MAIL 1 MAILAGENT"]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """{step: its output} of `ps`, `threads` and a `peb` of every process
    (the suite has made 8 by then; ids are never reused), plus "all"."""
    steps = ["break GtCsrStats if NwGateOpensHeld == 2", "continue",
             "echo @@@ ps\\n", "ps", "echo @@@ threads\\n", "threads"]
    for pid in range(1, 11):
        steps += [f"echo @@@ peb{pid}\\n", f"peb {pid}"]
    steps += ["peb 999"]
    stdout, stderr = gdb_batch(tmp_path_factory.mktemp("gdb"), steps,
                               args="test=csrss basesrv=rtm", timeout=120, extra=["NIC=pci"])
    parts = re.split(r"^@@@ (\w+)\n", stdout, flags=re.M)
    sections = dict(zip(parts[1::2], parts[2::2]))
    sections["all"] = stdout + stderr
    return sections


@pytest.fixture(autouse=True)
def keep_transcript(request, session):
    yield
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        irplab.save_failure(request.node.nodeid, session["all"])


def processes(session):
    """{pid: (name, image, base)} from `ps`."""
    rows = {}
    for line in session["ps"].splitlines()[1:]:
        m = re.match(r"^(\d+)\s+(\S+)\s.*\s(\S+)\s+(\S+)\s+0x[0-9a-f]+$", line)
        if m:
            rows[int(m.group(1))] = (m.group(2), m.group(3), m.group(4))
    return rows


def test_stopped_in_the_kernel_with_two_clients_inside_csrss(session):
    out = session["all"]
    assert re.search(r"Breakpoint 1(\.\d+)?, GtCsrStats \(", out), out
    assert "Traceback" not in out and "Python Exception" not in out, out
    assert re.search(r"^\*\s+\d+\s+init\s+Running\s.*\s1 System\s+-\s+0x[0-9a-f]+$",
                     session["threads"], re.M), session["threads"]


def test_ps_shows_each_image_and_its_base(session):
    rows = processes(session)
    assert rows[1] == ("System", "-", "-"), session["ps"]
    images = sorted(v for v in rows.values() if v[1] != "-")
    assert images == [("csrss", "csrss", f"{CSRSS_BASE:#x}")] + \
        [("wintest", "wintest", f"{WINTEST_BASE:#x}")] * 2, session["ps"]


def test_threads_shows_which_have_a_ring3_side(session):
    rows = [line[1:].split() for line in session["threads"].splitlines()[1:]]
    teb = {(r[1], r[6]): r[-2] for r in rows}          # (name, process name): TEB
    assert teb[("idle", "Idle")] == "-" and teb[("init", "System")] == "-", session["threads"]
    user = [r for r in rows if r[6] in ("csrss", "wintest")]
    assert len(user) >= 4, session["threads"]           # CSRSS's pool and both clients
    assert all(re.fullmatch(r"0x7ffd[0-9a-f]000", r[-2]) for r in user), session["threads"]


def test_peb_reads_each_process_memory_from_a_kernel_stop(session):
    rows = processes(session)
    seen = []
    for pid, (name, image, base) in rows.items():
        out = session[f"peb{pid}"]
        if image == "-":
            continue
        assert re.search(rf"^Process {pid} {name}: PEB at 0x7ffdf000, page directory 0x[0-9a-f]+$",
                         out, re.M), out
        assert f"  ImageBaseAddress   {base}\n" in out, out
        assert f"    ImagePathName    {image}\n" in out, out
        seen.append(re.search(r"^    CommandLine      (.*)$", out, re.M).group(1))
    assert sorted(seen) == sorted(["csrss"] + COMMAND_LINES), session["all"]


def test_peb_of_a_system_process_or_no_process(session):
    out = session["all"]
    assert "peb: process 1 System has no PEB (a process of system threads only)" in out, out
    assert "peb: no process has id 999 (see ps)" in out, out
