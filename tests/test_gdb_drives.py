"""test_gdb_drives.py - the `drives` gdb command at the moment the KB is about:
two DefineDosDevice calls inside basesrv at once. test=csrss holds both
callers' type query opens in the gate filter.

basesrv's table and CSRSS's counts live in the csrss process's memory.
gdb stops once in CSRSS's own thread (at the second caller's validation
query, NtEnvQueryTargetType, while the first is held at the gate filter's gate: the
condition reads the kernel's NwGateOpensHeld, mapped in every page
directory) and once in the kernel's init thread,
with the System process's page directory loaded, where only `drives`' own
walk of CSRSS's page directory reaches them; `drives` must show the same
table, links and CSRSS threads from both.
"""
import re

import irplab
from test_debug import gdb_batch

HEADER = (r"^basesrv rtm; CSRSS process \d+ csrss: (\d+) server threads \(\d+ idle\), "
          r"2 inside BaseSrvDefineDosDevice$")
TABLE = r"^\s+DRIVE\s+STATE\s+OWNER\s+LOGON\s+REFS\s+MAP\s+LINK$"
# both callers want X:; the first has marked it connecting, and its link is not there yet
X_CONNECTING = r"^\s+X:\s+connecting\s+\d+\s+[0-9a-f]{8}:[0-9a-f]{8}\s+\d+\s+-\s+-$"


def run_gdb(tmp_path, args, commands, name):
    stdout, stderr = gdb_batch(tmp_path, commands, args=args, timeout=120, extra=["NIC=pci"])
    out = stdout + stderr
    if "Traceback" in out or "Python Exception" in out or \
            "inside BaseSrvDefineDosDevice" not in out:
        irplab.save_failure(name, out)
    return out


def check_two_callers_inside(out):
    assert re.search(HEADER, out, re.M), out
    assert int(re.search(HEADER, out, re.M).group(1)) >= 2, out
    assert re.search(TABLE, out, re.M), out
    assert re.search(X_CONNECTING, out, re.M), out


def test_drives_stopped_in_csrss(tmp_path):
    out = run_gdb(tmp_path, "test=csrss basesrv=rtm", [
        # the second caller's type query open, while the first is held at the
        # gate filter's gate inside its own (after it marked X: connecting)
        "break NtEnvQueryTargetType if NwGateOpensHeld == 1",
        "continue", "bt", "threads", "drives", "print CsrStatistics.DefineInside"],
        "gdb-drives-csrss")
    # csrss's symbols and source, at the addresses it was linked at
    assert re.search(r"Breakpoint 1, NtEnvQueryTargetType \(.*Target=0x[0-9a-f]+ "
                     r"\"\\\\Device\\\\NwRdr\\\\;X:.*\) at user/csrss/basesrv/ntenv\.c:\d+", out), out
    assert re.search(r"^#\d+ .*BaseSrvDefineDosDevice \(.*\) at user/csrss/basesrv/dosdev\.c:\d+",
                     out, re.M), out
    assert re.search(r"^#\d+ .* CsrpDefineDosDevice \(.*\) at user/csrss/csrsrv/server\.c:\d+",
                     out, re.M), out
    # the thread gdb stopped in is one of CSRSS's, with a ring-3 side
    assert re.search(r"^\*\s+\d+\s+csrss\s+Running\s+\d+\s+\d+\s+\d+ csrss\s+0x7ff[0-9a-f]+\s",
                     out, re.M), out
    check_two_callers_inside(out)
    assert "$1 = 2" in out, out


def test_drives_stopped_in_a_kernel_thread(tmp_path):
    out = run_gdb(tmp_path, "test=csrss basesrv=rtm", [
        "break GtCsrStats if NwGateOpensHeld == 2", "continue",
        "print/x $cr3", "print/x PsInitialSystemProcess->Vm.DirectoryTableBase",
        "print CsrStatistics.DefineInside", "drives"], "gdb-drives-kernel")
    assert re.search(r"Breakpoint 1(\.\d+)?, GtCsrStats \(", out), out
    cr3, system = re.findall(r"^\$\d+ = (0x[0-9a-f]+)$", out, re.M)[:2]
    assert cr3 == system, out                   # the System process's page directory
    # CSRSS's memory is not mapped here: gdb's own read fails, drives' walk does not
    assert re.search(r"Cannot access memory at address 0x404", out), out
    check_two_callers_inside(out)


def test_drives_when_nothing_is_defined(tmp_path):
    out = run_gdb(tmp_path, "test=csrss basesrv=sp", ["break GtStart", "continue", "drives"],
                  "gdb-drives-empty")
    assert re.search(r"^basesrv sp; CSRSS process \d+ csrss: 1 server threads \(1 idle\), "
                     r"0 inside BaseSrvDefineDosDevice$", out, re.M), out
    assert "no drive letter is in use" in out or re.search(r"^\s+[A-Z]:\s", out, re.M), out
