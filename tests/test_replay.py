"""test_replay.py - make replay: time travel to the write that orphaned.

For seed 0's orphaning schedule (its replay line's SEED and STEPS),
tools/replay.sh records the run with QEMU's record/replay, counts in one
replay under gdb the writes to the orphaned letter's drive-table entry up to
the audit's verdict (orphan-count), and stops a second replay at the last of
them (orphan). That write must be in basesrv, in a CSRSS server thread,
while it serves an LPC request - and the same thread the timeline of the
schedule marks as the write that orphaned the entry.
"""
import json
import os
import re
import subprocess

import irplab
from test_debug import free_port, render_gdbinit
from test_scenario import check, scenario

TIMELINE = f"{irplab.ROOT}/tools/timeline.py"


def test_replay_stops_at_the_write_the_timeline_marks(qemu, tmp_path, request):
    com2 = tmp_path / "run.com2"
    found, _, pcap = scenario(qemu, tmp_path, "seed=0 schedules=300")
    check(found, pcap, request)
    line = re.search(r"make run SEED=(\d+) STEPS=(\d+)", found.output)
    assert line, found.output
    seed, steps = line.groups()

    port = free_port()
    gdbinit = tmp_path / "gdbinit"
    render_gdbinit(str(gdbinit), port)
    run = subprocess.run([f"{irplab.ROOT}/tools/replay.sh", irplab.BUILD, seed, steps,
                          str(port), "rtm", str(gdbinit), str(tmp_path / "replay")],
                         cwd=irplab.ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, timeout=900)
    out = run.stdout + run.stderr
    if run.returncode != 0:
        irplab.save_failure("replay", out)
    assert run.returncode == 0, out
    who = re.search(r'^orphan: (\w): write (\d+), the last before the audit, by thread '
                    r'(\d+) "csrss" of process \d+ csrss$', out, re.M)
    assert who, out
    assert re.search(r"^orphan:   in BaseSrvp(SetEntry|Check) at "
                     r"user/csrss/basesrv/dosdev\.c:\d+$", out, re.M), out
    assert re.search(r"^orphan:   serving the LPC request of process \d+, message #\d+$",
                     out, re.M), out

    timed, _, pcap = scenario(qemu, tmp_path, f"seed={seed} steps={steps} schedules=1 "
                              "trace=full", name="timeline", com2=com2)
    check(timed, pcap, request)
    subprocess.run(["python3", TIMELINE, str(com2), str(tmp_path / "t")], check=True,
                   capture_output=True, timeout=60)
    events = json.loads((tmp_path / "t.json").read_text())["traceEvents"]
    marks = [e for e in events if e.get("cat") == "orphan"]
    assert len(marks) == 1 and marks[0]["args"]["drive"] == who.group(1)
    assert marks[0]["tid"] == int(who.group(3)), (marks, out)
    assert os.path.getsize(tmp_path / "replay" / "run.rr") > 0
