"""test_gdb_commands.py - the NT-style gdb commands of qemu/gdb/irplab.py
(irp, devobj, drvobj, ps, handles, threads) against a live kernel.

One batch gdb session boots `test=io` under `make debug`'s QEMU and stops
while a read is parked in the RAM file system: the first RamFsPark is the
WAITER read of write_wakes_parked_read, and the test's next
NtWaitForSingleObject comes after NtReadFile has returned STATUS_PENDING,
so the IRP log holds its dispatch and its pend. Each command's output is
checked against what the guest test did and against gdb's own reading of
the same fields.
"""
import re

import pytest

import irplab
from test_debug import gdb_batch

IRP_OF_WAITER = ("(PIRP)((char *)RamFsWaiters.Flink - "
                 "(char *)&((PIRP)0)->Tail.Apc.ApcListEntry)")
COMMANDS = {
    "irp": "irp $irp_pointer",
    "irp_id": "print $irp_pointer->Id",
    "devobj": "devobj \\Device\\RamFs",
    "devobj_lower": "devobj \\device\\RAMFS 2",
    "drvobj": "drvobj \\Driver\\RamFs",
    "driver_address": "print/x GtRamFs",
    "ps": "ps",
    "handles": "handles 1",
    "threads": "threads",
    "bad_irp": "irp 0",
    "bad_name": "devobj \\Device\\Nope",
    "wrong_type": "drvobj \\Device\\RamFs",
    "bad_pid": "handles 999",
    "orphan_no_count": "orphan X",
    "orphan_bad_letter": "orphan-count 7",
}


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """{command key: its output} from one gdb session, plus "all"."""
    # The kernel's service: every image's ntdll has a stub of the same name.
    steps = ["break RamFsPark", "continue", "delete",
             "break kernel/ex/ntwait.c:NtWaitForSingleObject", "continue",
             f"set $irp_pointer = {IRP_OF_WAITER}"]
    for key, command in COMMANDS.items():
        steps += [f"echo @@@ {key}\\n", command]
    stdout, stderr = gdb_batch(tmp_path_factory.mktemp("gdb"), steps, args="test=io")
    # Command errors go to stderr, outside the sections: the error checks
    # read the whole transcript.
    out = stdout + stderr
    parts = re.split(r"^@@@ (\w+)\n", stdout, flags=re.M)
    sections = dict(zip(parts[1::2], parts[2::2]))
    sections["all"] = out
    return sections


@pytest.fixture(autouse=True)
def keep_transcript(request, session):
    yield
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        irplab.save_failure(request.node.nodeid, session["all"])


def gdb_number(text):
    """The value of a gdb `print` ("$1 = 39")."""
    return int(re.search(r"\$\d+ = (\S+)", text).group(1), 0)


def test_stopped_with_the_read_parked(session):
    assert "Breakpoint 2, NtWaitForSingleObject" in session["all"], session["all"]
    assert "Traceback" not in session["all"] and "Python Exception" not in session["all"]


def test_irp_shows_the_pending_read(session):
    out = session["irp"]
    irp_id = gdb_number(session["irp_id"])
    assert re.search(rf"^IRP 0x[0-9a-f]+  id {irp_id}  flags .*INPUT_OPERATION", out, re.M), out
    assert "current location 1 of 1" in out, out
    assert re.search(r'thread \d+ "init" in process 1 System', out), out
    assert re.search(r"^  file 0x[0-9a-f]+ \\Device\\RamFs\\WAITER$", out, re.M), out
    assert "cancel no  cancel routine RamFsCancelWaiter" in out, out
    current = [line for line in out.splitlines() if line.lstrip().startswith(">")]
    assert len(current) == 1, out
    assert re.search(r">\s+\[1\]\s+IRP_MJ_READ\s+\\Device\\RamFs\s+0x[0-9a-f]+\s+-\s+"
                     r"pending\S*\s+len 8 at 0$", current[0]), out


def test_devobj_shows_the_device_and_its_irp_log(session):
    out = session["devobj"]
    irp_id = gdb_number(session["irp_id"])
    assert re.search(r"^Device object 0x[0-9a-f]+  \\Device\\RamFs  id \d+$", out, re.M), out
    assert re.search(r"^  driver \\Driver\\RamFs \(0x[0-9a-f]+\)$", out, re.M), out
    assert "type FILE_DEVICE_DISK_FILE_SYSTEM (0x8)" in out, out
    assert re.search(r"stack size 1  references 2  ", out), out
    assert "attached above -  below -" in out, out    # the filter was detached before
    log = [line.split() for line in out.splitlines()[-2:]]
    assert log[0] == [str(irp_id), "IRP_MJ_READ", "dispatch"], out
    assert log[1] == [str(irp_id), "IRP_MJ_READ", "pend", "STATUS_PENDING", "(0x00000103)"], out


def test_devobj_finds_names_without_case_and_limits_the_log(session):
    out = session["devobj_lower"]
    assert "\\Device\\RamFs" in out, out
    assert re.search(r"IRP log, last 2 of \d+ events", out), out


def test_drvobj_lists_devices_and_dispatch_table(session):
    out = session["drvobj"]
    address = gdb_number(session["driver_address"])
    assert out.startswith(f"Driver object {address:#x}  \\Driver\\RamFs  "), out
    assert "unload RamFsUnload" in out, out
    assert re.search(r"^    0x[0-9a-f]+  \\Device\\RamFs$", out, re.M), out
    for major, name, routine in [("00", "CREATE", "RamFsCreate"), ("03", "READ", "RamFsRead"),
                                 ("04", "WRITE", "RamFsWrite"),
                                 ("0e", "DEVICE_CONTROL", "RamFsDeviceControl"),
                                 ("12", "CLEANUP", "RamFsCleanupClose")]:
        assert re.search(rf"^    \[{major}\] IRP_MJ_{name}\s+{routine}$", out, re.M), out
    assert "IRP_MJ_FILE_SYSTEM_CONTROL" not in out, out
    assert "(17 more at IopInvalidDeviceRequest; 'all' lists them)" in out, out


def test_ps_lists_the_system_process(session):
    out = session["ps"]
    system = [line.split() for line in out.splitlines() if line.startswith("1 ")]
    assert len(system) == 1, out
    pid, name, user, logon, handles, threads = system[0][:6]
    assert (name, user, logon, handles) == ("System", "SYSTEM", "00000000:000003e7", "3"), out
    assert int(threads) >= 2, out                 # init and the RamFs worker


def test_handles_shows_the_open_files_and_the_event(session):
    out = session["handles"]
    assert "Process 1 System: 3 handles" in out, out
    rows = [line.split() for line in out.splitlines() if line.startswith("  0x")]
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("0x0004", "File", "\\Device\\RamFs\\WAITER"),
        ("0x0008", "File", "\\Device\\RamFs\\WAITER"),
        ("0x000c", "Event", "-")], out
    assert rows[2][2] == "0x001f0003", out       # what NtCreateEvent asked for


def test_threads_lists_every_thread_with_its_state(session):
    out = session["threads"]
    rows = {line[1:].split()[1]: line for line in out.splitlines()[1:]}
    assert rows["init"].startswith("*") and " Running " in rows["init"], out
    assert " Waiting " in rows["ramfs-worker"] and "1 System" in rows["ramfs-worker"], out
    assert "idle" in rows and "0 Idle" in rows["idle"], out


def test_bad_input_gives_one_line_errors(session):
    out = session["all"]
    assert "irp: cannot read the target's memory: Cannot access memory at address 0x0" in out
    assert "devobj: \\Device\\Nope: no object is named Nope" in out
    assert "drvobj: \\Device\\RamFs is a Device object, not a Driver" in out
    assert "handles: no process has id 999 (see ps)" in out
    assert "orphan: orphan LETTER N: N is the count orphan-count printed" in out
    assert "orphan-count: give the letter the audit named" in out
