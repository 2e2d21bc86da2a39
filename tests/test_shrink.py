"""test_shrink.py - make shrink: an orphaning schedule cut to few decisions.

For five fixed seeds of the scenario, the orphaning schedule the long run
finds (its replay line's SEED and STEPS) is shrunk in one boot
(shrink=on, with a budget of replays so that the test stays short):

- pct's schedule, recorded as a list of decisions and replayed from the
  list alone, is the same schedule, trace hash for trace hash;
- the list it ends with has no more decisions and no more preemptions than
  pct's schedule, and prints a story of its preemptions;
- booted fresh from that list (sched=replay, the list as the "decisions"
  module, as make run DECISIONS_FILE= does), it orphans at once.
"""
import re

import pytest

from test_scenario import check, scenario

SEEDS = [0, 1, 2, 3, 4]
BOUND = 300                     # rtm orphans within this many schedules of a seed
REPLAYS = 300                   # the shrink's budget here; make shrink allows 4,000

RESULT = re.compile(r"shrink: (done|gave up \(the budget ran out\)) after (\d+) replays, "
                    r"[\d.]+ s: (\d+) decisions?, (\d+) preemptions? "
                    r"\(pct's schedule: (\d+) decisions, (\d+) preemptions\)")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_shrunk_schedule_still_orphans(qemu, tmp_path, seed, request):
    found, _, pcap = scenario(qemu, tmp_path, f"seed={seed} schedules={BOUND}")
    check(found, pcap, request)
    line = re.search(r"make run SEED=(\d+) STEPS=(\d+)", found.output)
    assert line, found.output
    schedule, steps = line.groups()

    shrunk, _, pcap = scenario(qemu, tmp_path, f"seed={schedule} steps={steps} shrink=on "
                               f"shrinkreplays={REPLAYS}", name="shrink", timeout=900)
    check(shrunk, pcap, request)
    out = shrunk.output
    assert re.search(r"shrink: its \d+ decisions, replayed: orphaned, trace hash [0-9a-f]{16} "
                     r"\(the same schedule\)", out), out
    result = RESULT.search(out)
    assert result, out
    decisions, preemptions = int(result.group(3)), int(result.group(4))
    assert decisions <= int(result.group(5)) and preemptions <= int(result.group(6)), out
    assert int(result.group(2)) <= REPLAYS + 2, out
    assert f"shrink: how it came about - the schedule's {preemptions} preemption" in out
    listed = re.search(r"^shrink: decisions: (\S*)$", out, re.M)
    assert listed and listed.group(1).count(",") + 1 == decisions, out

    module = tmp_path / "module"
    module.mkdir()
    (module / "decisions").write_text(listed.group(1) + "\n")
    replay, _, pcap = scenario(qemu, tmp_path, "schedules=1", name="replay", sched="replay",
                               extra=[f"DECISIONS={module / 'decisions'}"])
    check(replay, pcap, request)
    assert re.search(r"scenario: \w: orphaned in schedule 1:", replay.output), replay.output
    assert f"scenario: the schedule followed sched=replay's {decisions} decisions" \
        in replay.output
