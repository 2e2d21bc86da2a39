"""test_ktapwatch.py - the verdict line a LAVA job ends with (qemu/ktapwatch.py).

On consoles written here, line by line as the kernel prints them: a full
plan of ok lines passes; a "not ok" line, a case missing from the plan, a
STOP no "# expect STOP" line announced (or another one than it announced)
and a run without its end line each fail with their own kind; a fault
suite's announced STOP passes. The watcher itself, on a stand-in for QEMU:
the output passes through unchanged, a kernel status without an end line
gets a failed case and an end line, QEMU's own status 1 gets none, and the
status comes back out.
"""
import os
import subprocess
import sys

import pytest

from irplab import ROOT

sys.path.insert(0, os.path.join(ROOT, "qemu"))
import ktapwatch  # noqa: E402

HEADER = ["KTAP version 1", "# pool: pool allocation", "1..3"]
STOP_SCREEN = ["", "*** STOP: 0x00000050 (0x00000010,0x00000001,0x00109762,0x00000002)",
               "PAGE_FAULT_IN_NONPAGED_AREA", "", "EAX=00000000 EBX=001301c0", "Backtrace:",
               " #0  0x00109762 GtTouchUnmappedPage+0x12", "*** End of STOP report"]
EXPECT = "# expect STOP 0x00000050 PAGE_FAULT_IN_NONPAGED_AREA"


def watch(lines, status=33):
    ktap = ktapwatch.Ktap()
    for line in lines:
        ktap.feed(line + "\r")
    return ktap.verdict(status), ktap


def test_full_plan_of_ok_lines_passes():
    verdict, _ = watch(HEADER + ["ok 1 a", "ok 2 b", "ok 3 leak_audit", "# pool: 0 of 3 failed"])
    assert verdict is None


def test_not_ok_fails_and_names_the_case():
    verdict, _ = watch(HEADER + ["ok 1 a", "    # check failed: x", "not ok 2 b",
                                 "ok 3 leak_audit", "# pool: 1 of 3 failed"], 35)
    assert verdict == ("failed case", "b (1 of plan 1..3)")


def test_missing_case_fails_although_every_line_said_ok():
    verdict, _ = watch(HEADER + ["ok 1 a", "ok 3 leak_audit", "# pool: 0 of 3 failed"])
    assert verdict == ("missing case", "2 reported for plan 1..3, missing: 2")


def test_no_plan_is_a_missing_case():
    verdict, _ = watch(["KTAP version 1", "ok 1 a", "# pool: 0 of 1 failed"])
    assert verdict == ("missing case", "no KTAP plan")


def test_announced_stop_passes():
    verdict, ktap = watch(["KTAP version 1", "1..2", EXPECT] + STOP_SCREEN, 37)
    assert verdict is None
    assert ktap.stop == ("00000050", "PAGE_FAULT_IN_NONPAGED_AREA")


def test_unannounced_stop_fails_even_before_the_ktap_header():
    verdict, _ = watch(["irplab: 1 MiB of memory"] + STOP_SCREEN, 37)
    assert verdict == ("unexpected STOP", "0x00000050 PAGE_FAULT_IN_NONPAGED_AREA")


def test_another_stop_than_announced_fails():
    expect = "# expect STOP 0x0000001E KMODE_EXCEPTION_NOT_HANDLED"
    verdict, _ = watch(["KTAP version 1", "1..2", expect] + STOP_SCREEN, 37)
    assert verdict == ("unexpected STOP", "0x00000050 PAGE_FAULT_IN_NONPAGED_AREA, the suite "
                       "expected 0x0000001E KMODE_EXCEPTION_NOT_HANDLED")


def test_run_without_end_line_fails():
    verdict, ktap = watch(HEADER + ["ok 1 a", "ipx: the peer broke determinism"], 35)
    assert verdict == ("no end line", "QEMU exited with status 35")
    assert ktap.closing_lines(35) == [
        "not ok 2 end_line # QEMU exited with the fail status (35) before the kernel's end line",
        "# end_line: 1 of 1 failed", "irplab: verdict fail: no end line: QEMU exited with status 35"]


def fake_qemu(tmp_path, text, status):
    script = tmp_path / "qemu"
    script.write_text(f"#!/bin/sh\nprintf '{text}'\nexit {status}\n")
    script.chmod(0o755)
    return str(script)


def run_watch(command):
    return subprocess.run([sys.executable, os.path.join(ROOT, "qemu", "ktapwatch.py"), command],
                          capture_output=True, timeout=30)


def test_watcher_passes_the_console_through_and_adds_the_verdict(tmp_path):
    console = "KTAP version 1\\r\\n1..1\\r\\nok 1 a\\r\\n# x: 0 of 1 failed\\r\\n"
    proc = run_watch(fake_qemu(tmp_path, console, 33))
    assert proc.returncode == 33
    assert proc.stdout == (b"KTAP version 1\r\n1..1\r\nok 1 a\r\n# x: 0 of 1 failed\r\n"
                           b"irplab: verdict pass\n")


@pytest.mark.parametrize("status", [0, 35])
def test_kernel_status_without_end_line_gets_one(tmp_path, status):
    proc = run_watch(fake_qemu(tmp_path, "irplab: 62 MiB of memory\\r\\n", status))
    assert proc.returncode == status
    lines = proc.stdout.decode().splitlines()
    assert lines[1:3] == ["KTAP version 1", f"not ok 1 end_line # QEMU exited with "
                          f"{ktapwatch.KERNEL_STATUSES[status]} ({status}) before the kernel's end line"]
    assert lines[-2:] == ["# end_line: 1 of 1 failed",
                          f"irplab: verdict fail: no end line: QEMU exited with status {status}"]


def test_qemu_that_did_not_start_gets_no_end_line(tmp_path):
    proc = run_watch(fake_qemu(tmp_path, "qemu-system-i386: -bogus: invalid option\\n", 1))
    assert proc.returncode == 1
    assert b"end_line" not in proc.stdout and b"KTAP" not in proc.stdout
