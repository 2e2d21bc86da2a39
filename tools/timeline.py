#!/usr/bin/env python3
r"""timeline.py COM2 OUT - one schedule's trace (trace=full, as COM2 has it)
as a timeline: OUT.json in the Chrome trace-event format (Perfetto and
chrome://tracing open it) and OUT.html, a page that draws the same without
anything from the network.

It reads the first trace COM2 holds: the "name thread T P NAME" and "name
process P NAME" lines, then the records ("SEQ TIME tTHREAD TYPE A B C")
up to the scenario's end-of-schedule mark (the drive audit comes after it)
or to "trace: N events, hash H". What it draws:

- a lane per thread, grouped by process (the process's name is the one
  the scenario gave it, else its first thread's);
- when each thread ran: from the switch to it to the switch away;
- IRPs as spans from issue to completion, on the issuing thread's lane,
  named by major function, with the completion status;
- LPC requests as arrows from the sending thread to the thread that
  received them (and the replies back);
- frames the card delivered, on the lane "the wire";
- basesrv's critical sections (its lock held) and its drive-table writes,
  which CSRSS records with NtTraceMark;
- the write that orphaned the entry: the last write to the letter the
  audit found orphaned (the scenario's orphan mark).

The time axis counts trace events, not seconds: under sched=pct kernel time
moves a microsecond a schedule point, so the order is what there is to see.
Each event's kernel time is in its arguments.
"""
import html
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu", "gdb"))
from ntnames import major_name  # noqa: E402

RECORD = re.compile(r"^(\d+) (\d+)\.(\d+) t(\d+) ([a-z-]+) (\d+) (\d+) (\d+)$")
WIRE_PID = 0
SCHEDULE_END = 0x51500047          # TR_MARK_SCHEDULE_END: what follows is the audit
ORPHAN = 0x51500048                # TR_MARK_ORPHAN: B, the letter the audit found orphaned
USER_LOCK, USER_ENTRY = 1, 2       # NtTraceMark kinds (include/ntps.h)


def parse(text):
    """(threads {tid: (pid, name)}, processes {pid: name}, records, summary,
    the orphaned letter or None)."""
    threads, processes, records, ended, orphan = {}, {}, [], False, [None]
    for line in text.splitlines():
        if line.startswith("trace: ") and " events, hash " in line:
            return threads, processes, records, line, orphan[0]
        if line.startswith("name thread "):
            fields = line[len("name thread "):].split(" ", 2)
            if len(fields) >= 2 and fields[0].isdigit() and fields[1].isdigit():
                threads[int(fields[0])] = (int(fields[1]), fields[2] if len(fields) > 2 else "")
            continue
        if line.startswith("name process "):
            pid, _, name = line[len("name process "):].partition(" ")
            processes[int(pid)] = name
            continue
        m = RECORD.match(line)
        if m and not ended:
            seq, sec, usec, thread, kind, a, b, c = m.groups()
            records.append({"seq": int(seq), "us": int(sec) * 1000000 + int(usec),
                            "thread": int(thread), "type": kind,
                            "a": int(a), "b": int(b), "c": int(c)})
            ended = kind == "mark" and int(a) == SCHEDULE_END
        elif m and m.group(5) == "mark" and int(m.group(6)) == ORPHAN:
            orphan[0] = chr(int(m.group(7)))
    raise SystemExit("timeline: no trace (trace=full's records and its hash line) in the input")


def process_names(threads, processes):
    names = dict(processes)
    for tid in sorted(threads):
        pid, name = threads[tid]
        names.setdefault(pid, name or f"process {pid}")
    names[WIRE_PID] = "the wire"
    return names


def build(threads, processes, records, orphan=None):
    """The trace events, and what the page needs besides."""
    for r in records:
        if r["type"] == "create":
            threads.setdefault(r["a"], (r["c"], f"thread {r['a']}"))
    for r in records:
        threads.setdefault(r["thread"], (0, f"thread {r['thread']}"))
    pnames = process_names(threads, processes)
    pid_of = {tid: pid for tid, (pid, _) in threads.items()}
    events = []
    for pid, name in sorted(pnames.items()):
        events.append({"name": "process_name", "ph": "M", "pid": pid, "tid": 0,
                       "args": {"name": f"{name} (#{pid})" if pid else name}})
    for tid, (pid, name) in sorted(threads.items()):
        events.append({"name": "thread_name", "ph": "M", "pid": pid, "tid": tid,
                       "args": {"name": f"{name} #{tid}"}})
    end = records[-1]["seq"] + 1 if records else 0

    # who ran when
    running, since = None, 0
    for r in records:
        if r["type"] == "switch":
            if running is None:
                running, since = r["a"], records[0]["seq"]
            events.append({"name": "running", "cat": "cpu", "ph": "X", "pid": pid_of[r["a"]],
                           "tid": r["a"], "ts": since, "dur": max(r["seq"] - since, 1),
                           "args": {"until_us": r["us"]}})
            running, since = r["b"], r["seq"]
    if running is not None:
        events.append({"name": "running", "cat": "cpu", "ph": "X", "pid": pid_of[running],
                       "tid": running, "ts": since, "dur": max(end - since, 1), "args": {}})

    # IRPs, from issue to completion
    issued = {}
    irps = []
    for r in records:
        if r["type"] == "irp-issue":
            issued[r["a"]] = r
        elif r["type"] == "irp-complete" and r["a"] in issued:
            i = issued.pop(r["a"])
            major = major_name(i["b"])[len("IRP_MJ_"):]
            irps.append({"irp": r["a"], "major": major, "status": f"0x{r['b']:08x}",
                         "thread": i["thread"], "start": i["seq"], "end": r["seq"]})
            events.append({"name": f"IRP_MJ_{major}", "cat": "irp", "ph": "X",
                           "pid": pid_of[i["thread"]], "tid": i["thread"], "ts": i["seq"],
                           "dur": max(r["seq"] - i["seq"], 1),
                           "args": {"irp": r["a"], "status": f"0x{r['b']:08x}",
                                    "issued_us": i["us"], "completed_us": r["us"]}})

    # LPC: a request's arrow from sender to receiver, and the reply back
    sent, received, arrows = {}, {}, []
    for r in records:
        if r["type"] == "lpc-send":
            sent[r["a"]] = r
        elif r["type"] == "lpc-receive" and r["a"] in sent:
            received[r["a"]] = r
            arrows.append({"id": r["a"], "kind": "request", "from": sent[r["a"]], "to": r})
        elif r["type"] == "lpc-reply" and r["a"] in sent:
            arrows.append({"id": r["a"], "kind": "reply", "from": r, "to": sent[r["a"]]})
    for n, arrow in enumerate(arrows):
        f, t = arrow["from"], arrow["to"]
        label = f"LPC {arrow['kind']} #{arrow['id']}"
        for ph, r in (("s", f), ("f", t)):
            events.append({"name": label, "cat": "lpc", "ph": "X", "pid": pid_of[r["thread"]],
                           "tid": r["thread"], "ts": r["seq"], "dur": 1,
                           "args": {"message": arrow["id"], "us": r["us"]}})
            flow = {"name": label, "cat": "lpc", "ph": ph, "id": n + 1,
                    "pid": pid_of[r["thread"]], "tid": r["thread"], "ts": r["seq"]}
            if ph == "f":
                flow["bp"] = "e"
            events.append(flow)

    # frames delivered
    frames = [r for r in records if r["type"] == "deliver"]
    for r in frames:
        events.append({"name": "frame delivered", "cat": "wire", "ph": "i", "s": "t",
                       "pid": WIRE_PID, "tid": 1, "ts": r["seq"],
                       "args": {"source": r["a"], "us": r["us"]}})
    events.append({"name": "thread_name", "ph": "M", "pid": WIRE_PID, "tid": 1,
                   "args": {"name": "frames in"}})

    # basesrv's critical sections and drive-table writes (NtTraceMark)
    locks, held = [], {}
    for r in records:
        if r["type"] == "user" and r["a"] == USER_LOCK:
            if r["b"] == 1:
                held[r["thread"]] = r
            elif r["thread"] in held:
                start = held.pop(r["thread"])
                locks.append([r["thread"], start["seq"], r["seq"] - start["seq"]])
                events.append({"name": "basesrv lock", "cat": "lock", "ph": "X",
                               "pid": pid_of[r["thread"]], "tid": r["thread"],
                               "ts": start["seq"], "dur": max(r["seq"] - start["seq"], 1),
                               "args": {"from_us": start["us"], "to_us": r["us"]}})
    writes = [r for r in records if r["type"] == "user" and r["a"] == USER_ENTRY]
    for r in writes:
        events.append({"name": f"drive table: {chr(65 + r['b'])}: state {r['c']}",
                       "cat": "table", "ph": "i", "s": "t", "pid": pid_of[r["thread"]],
                       "tid": r["thread"], "ts": r["seq"],
                       "args": {"drive": chr(65 + r["b"]), "state": r["c"]}})

    # the write that orphaned: the last one to the letter the audit named
    mark = None
    last = [r for r in writes if orphan and r["b"] == ord(orphan) - 65]
    if last:
        w = last[-1]
        mark = {"seq": w["seq"], "thread": w["thread"], "letter": orphan, "state": w["c"]}
        events.append({"name": f"the write that orphaned {orphan}:", "cat": "orphan",
                       "ph": "i", "s": "p", "pid": pid_of[w["thread"]], "tid": w["thread"],
                       "ts": w["seq"], "args": {"drive": orphan, "state": w["c"],
                                                "us": w["us"]}})
    lanes = [{"pid": pid, "process": pnames.get(pid, str(pid)), "tid": tid, "name": name}
             for tid, (pid, name) in sorted(threads.items(), key=lambda t: (t[1][0], t[0]))]
    lanes.append({"pid": WIRE_PID, "process": "the wire", "tid": -1, "name": "frames in"})
    page = {"lanes": lanes, "end": end, "irps": irps, "frames": [r["seq"] for r in frames],
            "arrows": [{"from": [a["from"]["thread"], a["from"]["seq"]],
                        "to": [a["to"]["thread"], a["to"]["seq"]], "kind": a["kind"],
                        "id": a["id"]} for a in arrows],
            "running": [[e["tid"], e["ts"], e["dur"]] for e in events
                        if e.get("cat") == "cpu"],
            "locks": locks, "writes": [[r["thread"], r["seq"], r["b"], r["c"]] for r in writes],
            "mark": mark}
    return events, page


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>irplab timeline: %(title)s</title>
<style>
body { font: 13px sans-serif; margin: 0; background: #fff; color: #222; }
header { padding: 8px 12px; border-bottom: 1px solid #ccc; }
#view { overflow: auto; height: calc(100vh - 70px); }
.lane { font-size: 11px; }
</style></head>
<body data-status="loading"><header><b>irplab timeline</b> - %(title)s. Lanes: threads by
process; the axis counts trace events. Dark bars: running; blue: IRPs (issue to completion);
green arrows: LPC requests and replies; ticks: frames in; orange boxes: basesrv's lock held;
orange dots: drive-table writes; red: the write that orphaned the entry.
Ctrl+wheel or +/- zooms; hover for details. <button id="in">+</button><button id="out">-</button>
<span id="info"></span></header>
<div id="view"><svg id="tl" xmlns="http://www.w3.org/2000/svg"></svg></div>
<script id="data" type="application/json">%(data)s</script>
<script>
"use strict";
window.addEventListener("error", e => {
  document.body.dataset.errors = (document.body.dataset.errors || "") + e.message + ";"; });
const data = JSON.parse(document.getElementById("data").textContent);
const svg = document.getElementById("tl");
const NS = "http://www.w3.org/2000/svg";
const LABEL = 340, LANE = 18;
let scale = Math.max(0.05, 1200 / Math.max(data.end, 1));
const laneOf = new Map();
data.lanes.forEach((l, i) => laneOf.set(l.tid, i));
function el(name, attrs, title) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (title) { const t = document.createElementNS(NS, "title"); t.textContent = title; e.appendChild(t); }
  svg.appendChild(e);
  return e;
}
function x(seq) { return LABEL + seq * scale; }
function y(tid) { return 6 + laneOf.get(tid) * LANE; }
function draw() {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  svg.setAttribute("width", LABEL + data.end * scale + 40);
  svg.setAttribute("height", 12 + data.lanes.length * LANE);
  data.lanes.forEach((l, i) => {
    el("rect", {x: 0, y: 6 + i * LANE, width: LABEL + data.end * scale + 40, height: LANE,
                fill: i %% 2 ? "#f6f6f6" : "#fff"});
    const t = el("text", {x: 4, y: 6 + i * LANE + 13, class: "lane"});
    const label = l.process + " / " + l.name + (l.tid >= 0 ? " #" + l.tid : "");
    t.textContent = label.length > 52 ? label.slice(0, 24) + "..." + label.slice(-25) : label;
  });
  data.running.forEach(([tid, ts, dur]) => el("rect", {x: x(ts), y: y(tid) + 2, width: Math.max(dur * scale, 1),
    height: 6, fill: "#444"}, "running, events " + ts + "-" + (ts + dur)));
  data.irps.forEach(i => el("rect", {x: x(i.start), y: y(i.thread) + 9, width: Math.max((i.end - i.start) * scale, 1),
    height: 6, fill: "#3b7dd8", class: "irp"}, "IRP #" + i.irp + " IRP_MJ_" + i.major + " -> " + i.status));
  data.frames.forEach(f => el("line", {x1: x(f), x2: x(f), y1: y(-1) + 2, y2: y(-1) + 16, stroke: "#a60"}, "frame delivered"));
  data.arrows.forEach(a => el("line", {x1: x(a.from[1]), y1: y(a.from[0]) + 9, x2: x(a.to[1]), y2: y(a.to[0]) + 9,
    stroke: a.kind === "request" ? "#1a8a3a" : "#7cc58f", "stroke-width": 1.2, class: "lpc"},
    "LPC " + a.kind + " #" + a.id));
  data.locks.forEach(([tid, ts, dur]) => el("rect", {x: x(ts), y: y(tid) + 1, width: Math.max(dur * scale, 1),
    height: LANE - 2, fill: "none", stroke: "#c80", class: "lock"}, "basesrv's lock held, events " + ts + "-" + (ts + dur)));
  data.writes.forEach(([tid, ts, drive, state]) => el("circle", {cx: x(ts), cy: y(tid) + 9, r: 2.5,
    fill: "#c80", class: "write"}, "drive table: " + String.fromCharCode(65 + drive) + ": state " + state));
  if (data.mark) el("rect", {x: x(data.mark.seq) - 3, y: y(data.mark.thread), width: 6, height: LANE,
    fill: "#d22", class: "orphan"}, "the write that orphaned " + data.mark.letter + ": (state " + data.mark.state + ")");
  document.getElementById("info").textContent = " " + data.lanes.length + " lanes, " +
    data.irps.length + " IRPs, " + data.arrows.length + " LPC arrows, " + data.frames.length + " frames";
  document.body.dataset.status = "drawn";
}
function zoom(f) { scale = Math.min(50, Math.max(0.01, scale * f)); draw(); }
document.getElementById("in").onclick = () => zoom(1.5);
document.getElementById("out").onclick = () => zoom(1 / 1.5);
document.getElementById("view").addEventListener("wheel", e => {
  if (e.ctrlKey || e.altKey) { e.preventDefault(); zoom(e.deltaY < 0 ? 1.25 : 0.8); } }, {passive: false});
draw();
</script></body></html>
"""


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: timeline.py COM2-FILE OUT (writes OUT.json and OUT.html)")
    with open(sys.argv[1], encoding="latin-1") as f:
        threads, processes, records, summary, orphan = parse(f.read())
    events, page = build(threads, processes, records, orphan)
    title = f"schedule of {len(records)} events; the boot's trace: {summary[len('trace: '):]}"
    with open(sys.argv[2] + ".json", "w") as f:
        json.dump({"traceEvents": events, "displayTimeUnit": "ns",
                   "otherData": {"trace": title, "axis": "one unit per trace event"}}, f)
    data = json.dumps(page).replace("</", "<\\/")
    with open(sys.argv[2] + ".html", "w") as f:
        f.write(PAGE % {"title": html.escape(title), "data": data})
    print(f"timeline: {len(page['lanes'])} lanes, {len(page['irps'])} IRPs, "
          f"{len(page['arrows'])} LPC arrows, {len(page['frames'])} frames, "
          f"{len(page['locks'])} basesrv lock spans, {len(page['writes'])} table writes"
          f"{', the write that orphaned ' + page['mark']['letter'] + ': marked' if page['mark'] else ''}: "
          f"{sys.argv[2]}.json, {sys.argv[2]}.html")


if __name__ == "__main__":
    main()
