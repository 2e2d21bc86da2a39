"""test_timeline.py - make timeline: a schedule's trace as Chrome trace
events and as a page, checked against the trace and in headless Chromium.

One orphaning schedule of the scenario (seed 0's first orphan, trace=full)
goes through tools/timeline.py:
- the JSON has the trace-event format's required fields on every event,
  a lane (thread_name) for every thread the schedule ran, one IRP span per
  IRP the trace saw issued and completed, LPC flows paired start to finish,
  basesrv's lock held and its drive-table writes (CSRSS's NtTraceMark
  records), and the write that orphaned the letter the audit named marked;
- Debian's Chromium loads the page headless with no script error, and the
  page it drew has those lanes and IRP spans; its screenshot is not blank.
"""
import json
import re
import shutil
import subprocess

from irplab import ROOT
from test_scenario import check, scenario

TIMELINE = f"{ROOT}/tools/timeline.py"
REQUIRED = {"name", "ph", "pid", "tid"}


def schedule_records(com2):
    """The records of the first trace on COM2, up to the schedule's end."""
    records = []
    for line in com2.read_text(encoding="latin-1").splitlines():
        m = re.match(r"^\d+ \S+ t(\d+) ([a-z-]+) (\d+) (\d+) (\d+)$", line)
        if m:
            records.append((int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))))
            if m.group(2) == "mark" and int(m.group(3)) == 0x51500047:
                break
    return records


def test_a_timeline_of_an_orphaning_schedule(qemu, tmp_path, request):
    com2 = tmp_path / "run.com2"
    run, _, pcap = scenario(qemu, tmp_path, "seed=0 schedules=300 trace=full", com2=com2)
    check(run, pcap, request)
    assert "orphaned in schedule" in run.output, run.output
    out = subprocess.run(["python3", TIMELINE, str(com2), str(tmp_path / "t")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    letter = re.search(r"scenario: (\w): orphaned in schedule", run.output).group(1)
    json_matches_the_trace(tmp_path, com2, letter)
    chromium_draws_the_page(tmp_path)


def json_matches_the_trace(work, com2, letter):
    doc = json.loads((work / "t.json").read_text())
    events = doc["traceEvents"]
    for e in events:
        assert REQUIRED <= e.keys(), e
        assert e["ph"] in "XMsfib", e
        if e["ph"] != "M":
            assert isinstance(e["ts"], int) and e["ts"] >= 0, e
        if e["ph"] == "X":
            assert e["dur"] >= 1, e
    records = schedule_records(com2)
    threads = {t for t, _, _, _ in records}
    lanes = {e["tid"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
    assert threads <= lanes
    issued = {a for _, kind, a, _ in records if kind == "irp-issue"}
    completed = [a for _, kind, a, _ in records if kind == "irp-complete" and a in issued]
    spans = [e for e in events if e.get("cat") == "irp" and e["ph"] == "X"]
    assert len(spans) == len(completed) > 0
    assert all(e["name"].startswith("IRP_MJ_") for e in spans)
    starts = sorted(e["id"] for e in events if e["ph"] == "s")
    assert starts and starts == sorted(e["id"] for e in events if e["ph"] == "f")
    csrss = {e["tid"] for e in events if e["name"] == "thread_name"
             and e["args"]["name"].startswith("csrss")}
    locks = [e for e in events if e.get("cat") == "lock"]
    assert locks and all(e["tid"] in csrss for e in locks)
    writes = [(t, b) for t, kind, a, b in records if kind == "user" and a == 2]
    table = [e for e in events if e.get("cat") == "table"]
    assert len(table) == len(writes) > 0 and all(e["tid"] in csrss for e in table)
    marks = [e for e in events if e.get("cat") == "orphan"]
    assert len(marks) == 1 and marks[0]["args"]["drive"] == letter, marks
    last = [e for e in table if e["args"]["drive"] == letter][-1]
    assert marks[0]["ts"] == last["ts"] and marks[0]["tid"] == last["tid"]
    names = {e["args"]["name"] for e in events if e["name"] == "process_name"}
    assert any(n.startswith("mmta 1 ") for n in names)
    assert any(re.fullmatch(r"System \(#\d+\)", n) for n in names), names


def chromium_draws_the_page(work):
    chromium = shutil.which("chromium")
    assert chromium, "chromium is missing (tools/deps.sh installs it)"
    page = f"file://{work}/t.html"
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,600"]
    dom = subprocess.run(flags + ["--dump-dom", page], capture_output=True, text=True,
                         timeout=120)
    assert dom.returncode == 0, dom.stderr
    assert 'data-status="drawn"' in dom.stdout, dom.stdout[:2000]
    assert "data-errors" not in dom.stdout, dom.stdout[:2000]
    data = json.loads((work / "t.json").read_text())["traceEvents"]
    irps = sum(1 for e in data if e.get("cat") == "irp")
    assert dom.stdout.count('class="irp"') == irps
    assert dom.stdout.count('class="lane"') == \
        sum(1 for e in data if e["name"] == "thread_name")
    assert dom.stdout.count('class="orphan"') == 1
    shot = work / "t.png"
    done = subprocess.run(flags + [f"--screenshot={shot}", page], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and shot.exists(), done.stderr
    from PIL import Image
    colors = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 16)
    assert colors is None or len(colors) > 8, "the screenshot is blank"
