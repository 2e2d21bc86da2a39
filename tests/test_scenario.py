"""test_scenario.py - scenario=q150047, what `make run` shows, sentence by
sentence of the KB, through the real programs on the real wire.

Each boot has ncpserv beside QEMU with a control key the kernel is given
(ncpkey=), so that it resets the server between schedules, and the
NE2000's frames in a pcap that must dissect without a malformed packet.

- rtm (the default): some schedule orphans a drive; the kernel prints the
  preemptions that did it and a replay line; then, by the programs' own
  output: MMTA's message repeating, net use's system error 85, the drive
  listed but not accessible, File Manager denied another process's
  connection, Client Services for NetWare restarted, and the drive usable
  again. The replay line, booted, orphans at its first schedule with the
  same story and the same trace (trace=full's records on COM2, byte for
  byte): every schedule starts from the same baseline (scenario.c's reset
  table).
- sp, and rtm with NWRDR keeping a context per logon session (nwrctx=logon,
  the KB's control): no schedule orphans.
- A reboot clears it: a fresh boot's shell finds no letter, and connects.
"""
import re

import pytest

import test_ne2000 as ne
from irplab import EXIT_PASS
from test_ncp import boot, check as ncp_check

KEY = "0123456789abcdef"
BOUND = 300                 # rtm orphans within this many schedules of a seed
SEEDS = list(range(10))     # rtm: each orphans within BOUND schedules
SCHEDULES = 2000            # sp and the control: none orphans in as many


def scenario(qemu, tmp_path, args, name="run", timeout=600, com2=None, extra=(),
             sched="pct"):
    return boot(qemu, tmp_path, "pci", f"scenario=q150047 sched={sched} ncpkey={KEY} {args}",
                name=name, options=("--control-key", KEY), timeout=timeout, com2=com2,
                extra=extra)


def orphaning_trace(com2):
    """What trace=full wrote to COM2 for the orphaning schedule: its
    records, then the count and hash line."""
    text = com2.read_text()
    m = re.search(r"^trace: \d+ events, hash [0-9a-f]+\n", text, re.M)
    assert m, text[-2000:]
    return text[:m.end()]


def check(run, pcap, request):
    """Passed (the scenario showed what its variant should: it prints no
    KTAP), no STOP, and every frame dissects."""
    ncp_check(run, pcap, request, ktap=False)


def story(output):
    """The preemption lines the kernel printed for the orphan."""
    start = output.index("scenario: how it came about")
    return output[start:output.index("scenario: the schedule's trace:")]


def section(output, caption):
    """What follows one symptom's caption, up to the next."""
    start = output.index(f"scenario: {caption}")
    end = output.find("\nscenario: ", start + 1)
    return output[start:end if end >= 0 else len(output)]


@pytest.mark.parametrize("seed", SEEDS)
def test_rtm_orphans_and_the_symptoms_follow(qemu, tmp_path, seed, request):
    com2 = tmp_path / "run.com2"
    run, server, pcap = scenario(qemu, tmp_path, f"seed={seed} schedules={BOUND} trace=full",
                                 com2=com2)
    check(run, pcap, request)
    out = run.output
    m = re.search(r"scenario: (\w): orphaned in schedule (\d+): .* the link says "
                  r"(\\Device\\NwRdr\\;\1:\\NWSERVER\\\w+),\n\s+and no connection serves it", out)
    assert m, out
    letter = m.group(1)
    assert int(m.group(2)) <= BOUND
    assert re.search(r"step \d+, at .*\n\s+was preempted; .* ran instead", story(out)), out

    # "Drive is used, local, or greater than last drive" ... "displayed continuously"
    mmta = section(out, "MMTA tries to use the drive")
    assert mmta.count("MMTA 4: Drive is used, local, or greater than last drive\n") == 3, mmta
    assert "MMTA 4: done, 0 connected, 3 drive messages" in mmta
    # "System error 85 has occurred. The local device name is already in use."
    net = section(out, "connecting from the command prompt")
    assert "System error 85 has occurred.\n\nThe local device name is already in use." in net
    # "The drive resource can no longer be accessed even though the drive
    # appears to be available."
    drives = section(out, "the drive appears to be available")
    # the table's entry may say in use or free (a lost update either way); the
    # link and the drive-map bit are there, and the audit calls it orphaned
    assert re.search(rf"^{letter}:\s+(in use|free)\s.*\syes\s+\\Device\\NwRdr\\.* ORPHANED$",
                     drives, re.M), drives
    assert "The network name cannot be found." in drives
    # "A NetWare client connection established under one process, such as
    # the MMTA, cannot be accessed by another process, such as through File
    # Manager; ... an Access Denied message will be returned."
    foreign = section(out, "File Manager selects the drive MMTA holds")
    assert "File Manager: W:\\ - Access is denied." in foreign, foreign
    # "Client Services for NetWare must be restarted to access the orphaned
    # drive letter."
    again = section(out, "the drive can be used again")
    assert again.count("The command completed successfully.") == 2, again
    assert re.search(r"^MAILDATA\s+<DIR>$|^PUBLIC\s+<DIR>$", again, re.M), again
    assert f"scenario: done - {letter}: orphaned, shown and cleared" in out

    # The replay line reproduces it as the first schedule of a fresh boot.
    replay = re.search(r"make run SEED=(\d+) STEPS=(\d+)", out)
    assert replay, out
    replay_com2 = tmp_path / "replay.com2"
    again_run, _, _ = scenario(qemu, tmp_path, f"seed={replay.group(1)} steps={replay.group(2)} "
                               "schedules=1 trace=full", name="replay", com2=replay_com2)
    assert again_run.status == EXIT_PASS, again_run.output
    assert f"scenario: {letter}: orphaned in schedule 1:" in again_run.output
    assert story(again_run.output) == story(out)
    # and its trace is the long run's, byte for byte
    trace = re.compile(r"scenario: the schedule's trace: \d+ events, hash [0-9a-f]+")
    assert trace.search(out) and trace.search(again_run.output)
    assert trace.search(out).group(0) == trace.search(again_run.output).group(0)
    assert orphaning_trace(com2) == orphaning_trace(replay_com2)


@pytest.mark.parametrize("args", ["basesrv=sp", "basesrv=rtm nwrctx=logon"])
def test_no_orphan_with_the_fix_or_the_control(qemu, tmp_path, args, request):
    run, _, pcap = scenario(qemu, tmp_path, f"{args} schedules={SCHEDULES}", timeout=1800)
    check(run, pcap, request)
    assert f"scenario: {SCHEDULES} schedules, none orphaned a drive" in run.output
    assert "ORPHANED" not in run.output


def test_rr_gives_up_at_its_time_cap(qemu, tmp_path, request):
    """sched=rr explores on the clock's preemptions until an orphan or
    rrcap= seconds; past the cap it says so, and how long it explored.
    rtm that shows no orphan is the kernel's failure verdict."""
    run, _, pcap = scenario(qemu, tmp_path, "basesrv=rtm schedules=1000000 rrcap=3",
                            sched="rr", timeout=300)
    assert "*** STOP" not in run.output
    assert ne.tshark(pcap, "-Y", "_ws.malformed") == ""
    explored = re.search(r"^scenario: explored for (\d+) ms; a schedule sent \d+ frames, "
                         r"issued \d+ IRPs and ran 5 processes \(averages over (\d+) "
                         r"schedules\)$", run.output, re.M)
    assert explored, run.output
    if "orphaned in schedule" in run.output:    # the clock found one first
        assert run.status == EXIT_PASS, run.output
        return
    assert re.search(r"^scenario: \d+ schedules, none orphaned a drive \(not found in the "
                     r"time cap\)$", run.output, re.M), run.output
    assert 3000 <= int(explored.group(1)) < 60000 and int(explored.group(2)) > 0
    assert run.status != EXIT_PASS


def test_the_server_is_reset_between_schedules(qemu, tmp_path, request):
    run, server, pcap = scenario(qemu, tmp_path, "basesrv=sp schedules=5")
    check(run, pcap, request)
    assert ne.tshark(pcap, "-Y", "ipx.dst.socket == 0x8f00", "-T", "fields",
                     "-e", "frame.number").count("\n") >= 5


def test_a_reboot_clears_it(qemu):
    """The KB: the drive "cannot be accessed until Client Services for
    NetWare is restarted or the system rebooted". The orphan lives in one
    boot's namespace and CSRSS; the next boot's shell finds no letter, and
    net use X: works at once."""
    run = qemu("console=interactive", stdin=b"drives\nnet use X: \\\\NWSERVER\\SYS SECRET "
               b"/user:SUPERVISOR\ndrives\nnet use X: /delete\nexit\n", extra=["NIC=pci"],
               timeout=120)
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    first = run.output[run.output.index("C:\\>drives"):run.output.index("C:\\>net use X:")]
    assert "drive map 0x00000000; 0 orphaned" in first, first
    assert run.output.count("The command completed successfully.") == 2, run.output
    assert re.search(r"^X:\s+in use\s.*\\Device\\NwRdr\\;X:\\NWSERVER\\SYS\s*$", run.output, re.M), \
        run.output
