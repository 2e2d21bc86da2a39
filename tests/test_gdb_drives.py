"""test_gdb_drives.py - the `drives` gdb command at the moment the KB is about:
two DefineDosDevice calls inside basesrv at once. test=csrss holds both
callers' validation opens in the stand-in redirector; gdb stops at
BaseSrvDefineDosDevice when the second one enters, and `drives` must show
the table, the links and what CSRSS is doing."""
import re

import irplab
from test_debug import gdb_batch


def run_gdb(tmp_path, args, commands):
    stdout, stderr = gdb_batch(tmp_path, commands, args=args, timeout=120)
    return stdout + stderr


def test_drives_with_two_callers_inside_basesrv(tmp_path):
    out = run_gdb(tmp_path, "test=csrss basesrv=rtm", [
        "break BaseSrvDefineDosDevice if CsrStatistics.DefineInside == 2",
        "continue", "bt 3", "drives", "print CsrStatistics.DefineInside"])
    if "inside BaseSrvDefineDosDevice" not in out:
        irplab.save_failure("gdb-drives", out)
    assert re.search(r"Breakpoint 1, BaseSrvDefineDosDevice \(", out), out
    assert re.search(r"^basesrv rtm; CSRSS (\d+) server threads \(\d+ idle\), 2 inside "
                     r"BaseSrvDefineDosDevice$", out, re.M), out
    threads = int(re.search(r"CSRSS (\d+) server threads", out).group(1))
    assert threads >= 2, out
    assert re.search(r"^\s+DRIVE\s+STATE\s+OWNER\s+LOGON\s+REFS\s+MAP\s+LINK$", out, re.M), out
    # both callers want X:; the first has marked it connecting, and its link is not there yet
    assert re.search(r'DeviceName=0x[0-9a-f]+ "X:"', out), out
    assert re.search(r"^\s+X:\s+connecting\s+\d+\s+[0-9a-f]{8}:[0-9a-f]{8}\s+\d+\s+-\s+-$", out, re.M), out
    assert "$1 = 2" in out, out


def test_drives_when_nothing_is_defined(tmp_path):
    out = run_gdb(tmp_path, "test=csrss basesrv=sp", ["break GtStart", "continue", "drives"])
    assert re.search(r"^basesrv (rtm|sp); CSRSS \d+ server threads", out, re.M), out
    assert "no drive letter is in use" in out or re.search(r"^\s+[A-Z]:\s", out, re.M), out
