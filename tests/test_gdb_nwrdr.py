"""test_gdb_nwrdr.py - the `nwrdr` gdb command, stopped where NWRDR's state
is known.

- test=nwrdr, the per_process case: the holder process (nwtest hold, as
  MMTA) has connected Y: and opened SYS:PUBLIC\\SAMPLE.DAT, and stops at
  its 60 s sleep (a breakpoint on that line of nwtest.c, in its own
  thread). CSRSS's validation open of the volume's root was closed before
  the connection call returned; the earlier cases have ended every context
  of theirs; the foreign process the test runs meanwhile only gets Access
  Denied, which makes no context. Not a stop in the kernel test's
  polling: GtWaitForOpens can be satisfied by CSRSS's validation open and
  poll no more while the file is open.
- test=nwrdrsilent, with ncpserv silent after 30 packets, stopped in the
  kernel test's thread. Once the server has gone quiet a thread queues a
  read behind the one on the wire and ends (which cancels it), then the
  test queues three more; the first stop is the third of those
  NwrPostWork calls, with a read on the wire and two queued. They stay queued
  while the one on the wire retries for the client's 1.5 s time-out: the
  suite itself needs that (stop must cancel all three), so this stop adds
  no timing the suite does not have. The second stop is the read refused
  after stop (NwrRead with NwrData.Stopped): stop has ended the context
  and deleted the tie, and the file the test still has open holds both,
  off NwrData's list.
- test=pool boots without a card: NWRDR never started.
"""
import os
import re

import pytest

import irplab
import matrix
from test_debug import gdb_batch
from test_ncp import FIXTURES, NCPSERV

pytestmark = pytest.mark.skipif(not os.access(NCPSERV, os.X_OK),
                                reason="ncpserv not built: run through make test")

SAMPLE_SIZE = os.path.getsize(os.path.join(FIXTURES, "SYS", "PUBLIC", "SAMPLE.DAT"))
# Links is each record's first field
FIRST_SERVER = "((PNWR_SERVER)((PNWR_CONTEXT)NwrData.Contexts.Flink)->Servers.Flink)"
SAMPLE_FILE = r"\Device\NwRdr\;K:\NWSERVER\SYS\PUBLIC\SAMPLE.DAT"


def session(tmp_path, args, steps, extra=("NIC=pci",)):
    """{section: its output} of one gdb session; "echo @@@ NAME" starts a
    section. "all" is the whole transcript, kept when a test fails."""
    stdout, stderr = gdb_batch(tmp_path, steps, args=args, timeout=180, extra=list(extra))
    parts = re.split(r"^@@@ (\w+)\n", stdout, flags=re.M)
    sections = dict(zip(parts[1::2], parts[2::2]))
    sections["all"] = stdout + stderr
    return sections


def holder_sleep_line():
    """The line of nwtest.c where the hold case sleeps with its file open."""
    with open(os.path.join(irplab.ROOT, "tests", "user", "nwtest.c")) as f:
        lines = f.read().splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("static int NtHold("))
    return next(n + 1 for n in range(start, len(lines)) if "NtDelayExecution(" in lines[n])


def section(name):
    return [f"echo @@@ {name}\\n"]


@pytest.fixture(autouse=True)
def keep_transcript(request):
    yield
    rep = getattr(request.node, "rep_call", None)
    out = getattr(request.node, "transcript", None)
    if rep is not None and rep.failed and out is not None:
        irplab.save_failure(request.node.nodeid, out)


def transcript(request, out):
    request.node.transcript = out["all"]
    assert "Traceback" not in out["all"] and "Python Exception" not in out["all"], out["all"]


def gdb_value(text):
    return int(re.search(r"^\$\d+ = (\S+)$", text, re.M).group(1), 0)


def gdb_statistics(text):
    """NwrData.Stats as gdb prints the struct."""
    return {k: int(v) for k, v in re.findall(r"(\w+) = (\d+)", text)}


def table(text, title):
    """The rows (lists of cells) of the table under "  TITLE:"."""
    m = re.search(rf"^  {title}:\n    [A-Z_ ]+\n((?:    \S.*\n)*)", text, re.M)
    assert m, text
    return [line.split() for line in m.group(1).splitlines()]


def check_counters(out, stats, stopped):
    """The header against NwrData as gdb itself prints it."""
    state = "stopped" if stopped else "started"
    assert re.search(rf"^NWRDR \\Device\\NwRdr \(0x[0-9a-f]+\): {state}, epoch 0$", out, re.M), out
    s = stats
    assert f"  now        contexts {s['Contexts']}, servers {s['Servers']}, ties {s['Ties']}, " \
           f"opens {s['Opens']}\n" in out, out
    assert f"  ended      contexts {s['ContextsEnded']}, servers {s['ServersEnded']}\n" in out, out
    assert f"  I/O        reads {s['Reads']}, writes {s['Writes']}, cancelled {s['Cancelled']}; " \
           f"bytes read {s['BytesRead']}, written {s['BytesWritten']}\n" in out, out
    assert f"  SAP        queries {s['SapQueries']}, cache hits {s['SapCacheHits']}\n" in out, out
    sap = table(out, "SAP cache")
    assert len(sap) == 1 and sap[0][0] == "NWSERVER", out
    assert re.fullmatch(r"[0-9a-f]{8}:[0-9a-f]{12}:0451", sap[0][1]) and sap[0][3:] == ["s"], out


def nwrdr_workers(threads):
    """The ids of the System process's threads called nwrdr (the FSPs)."""
    return [int(m) for m in re.findall(r"^\*?\s+(\d+)\s+nwrdr\s+\w+\s+\d+\s+\d+\s+1 System\s",
                                       threads, re.M)]


# ------------------------------------------------- a process holds Y: with a file open

@pytest.fixture(scope="module")
def holding(tmp_path_factory):
    steps = [f"break tests/user/nwtest.c:{holder_sleep_line()}", "continue", "bt"]
    steps += section("nwrdr") + ["nwrdr"] + section("stats") + ["print NwrData.Stats"]
    steps += section("ps") + ["ps"] + section("threads") + ["threads"]
    steps += section("number") + [f"print {FIRST_SERVER}->Ncp->Number"]
    return session(tmp_path_factory.mktemp("gdb"), "test=nwrdr", steps)


def test_stopped_while_the_holder_has_its_file_open(holding, request):
    transcript(request, holding)
    line = holder_sleep_line()
    assert re.search(rf"Breakpoint 1, NtHold \(.*\) at tests/user/nwtest\.c:{line}\n",
                     holding["all"]), holding["all"]
    # the holder's own thread, running
    assert re.search(r"^\*\s+\d+\s+nwtest\s+Running\s", holding["threads"], re.M), \
        holding["threads"]


def test_the_holder_context_its_connection_tie_and_open(holding, request):
    transcript(request, holding)
    out = holding["nwrdr"]
    check_counters(out, gdb_statistics(holding["stats"]), stopped=False)
    holder = re.search(r"^(\d+)\s+nwtest\s+MMTA\s", holding["ps"], re.M)
    assert holder, holding["ps"]
    contexts = re.findall(r"^Context 0x[0-9a-f]+: (.*)$", out, re.M)
    assert contexts == [f"process {holder.group(1)} nwtest, logon 00000000:00001000, "
                        f"references 2, ended no"], out
    [server] = table(out, "servers")
    assert server[:7] + server[8:9] == ["NWSERVER", "MMTA", str(gdb_value(holding["number"])),
                                        "1", "1024", "live", "1", "0"], out
    assert int(server[7]) in nwrdr_workers(holding["threads"]), holding["threads"]
    assert "  work (" not in out, out
    [tie] = table(out, "ties")
    assert tie[:6] == ["Y:", "NWSERVER\\SYS", "0", "1", "2", "no"], out
    [open_] = table(out, "opens")
    assert open_[:5] == ["Y:", "file", "SYS:PUBLIC\\SAMPLE.DAT", str(SAMPLE_SIZE), "no"], out
    assert re.fullmatch(r"[0-9a-f]{12}", open_[5]) and int(open_[5], 16) != 0, out
    assert "Off NwrData's list" not in out, out


# ------------------------------------------------- a silent server, then stop

@pytest.fixture(scope="module")
def silent(tmp_path_factory):
    steps = ["break NwrPostWork if Server->Active != 0 && Server->Queue.Flink != &Server->Queue "
             "&& Server->Queue.Flink->Flink != &Server->Queue", "continue"]
    steps += section("queued") + ["nwrdr"] + section("stats") + ["print NwrData.Stats"]
    steps += section("active") + ["print/x Server->Active"]
    steps += section("posting") + ["print Irp->Id"]
    steps += section("number") + ["print Server->Ncp->Number"]
    steps += section("threads") + ["threads"]
    steps += ["delete", "break NwrRead if NwrData.Stopped", "continue"]
    steps += section("stopped") + ["nwrdr"] + section("stopped_stats") + ["print NwrData.Stats"]
    ncpserv = "NCPSERV_ARGS=" + " ".join(matrix.NWRDR_SILENT.ncpserv)
    return session(tmp_path_factory.mktemp("gdb"), "test=nwrdrsilent", steps,
                   extra=("NIC=pci", ncpserv))


def test_reads_on_the_wire_and_queued(silent, request):
    transcript(request, silent)
    assert re.search(r"Breakpoint 1(\.\d+)?, NwrPostWork \(", silent["all"]), silent["all"]
    out = silent["queued"]
    check_counters(out, gdb_statistics(silent["stats"]), stopped=False)
    assert re.findall(r"^Context 0x[0-9a-f]+: (.*)$", out, re.M) == \
        ["process 1 System, logon 00000000:000003e7, references 2, ended no"], out
    [server] = table(out, "servers")
    assert server[:7] + server[8:9] == ["NWSERVER", "SUPERVISOR", str(gdb_value(silent["number"])),
                                        "1", "1024", "live", "1", "2"], out
    assert int(server[7]) in nwrdr_workers(silent["threads"]), silent["threads"]
    work = table(out, "work \\(on the wire, then queued\\)")
    assert [(w[0], w[3], w[4], w[6]) for w in work] == \
        [("NWSERVER", state, "IRP_MJ_READ", SAMPLE_FILE) for state in ("wire", "queued", "queued")]
    assert all(w[7:] == ["len", "512", "at", "0"] for w in work), out
    assert int(work[0][1], 16) == gdb_value(silent["active"]), out
    ids = [int(w[2]) for w in work]
    assert ids == sorted(ids) and ids[-1] < gdb_value(silent["posting"]), out
    assert table(out, "ties")[0][:6] == ["K:", "NWSERVER\\SYS", "0", "1", "2", "no"], out


def test_after_stop_the_open_file_holds_the_ended_context(silent, request):
    transcript(request, silent)
    assert re.search(r"Breakpoint 2(\.\d+)?, NwrRead \(", silent["all"]), silent["all"]
    out = silent["stopped"]
    check_counters(out, gdb_statistics(silent["stopped_stats"]), stopped=True)
    assert "\nNo user context\nOff NwrData's list, held by open files:\n" in out, out
    assert re.findall(r"^Context 0x[0-9a-f]+: (.*)$", out, re.M) == \
        ["process 1 System, logon 00000000:000003e7, references 1, ended yes"], out
    [server] = table(out, "servers")
    assert server[0] == "NWSERVER" and server[5:7] == ["dead+stopping", "1"] and \
        server[8] == "0", out
    assert "  work (" not in out, out
    assert table(out, "ties")[0][:6] == ["K:", "NWSERVER\\SYS", "0", "1", "1", "yes"], out
    [open_] = table(out, "opens")
    assert open_[:4] == ["K:", "file", "SYS:PUBLIC\\SAMPLE.DAT", str(SAMPLE_SIZE)], out


# ------------------------------------------------- no card

def test_without_a_card_nwrdr_is_not_loaded(tmp_path, request):
    out = session(tmp_path, "test=pool", ["break GtRunTest", "continue"] + section("nwrdr") +
                  ["nwrdr", "disconnect", "nwrdr"], extra=())
    transcript(request, out)
    assert re.search(r"Breakpoint 1(\.\d+)?, GtRunTest \(", out["all"]), out["all"]
    assert out["nwrdr"].startswith("NWRDR is not loaded (NwrData.Device is NULL: no network "
                                   "card, or the driver was unloaded)\n"), out["all"]
    assert "Context" not in out["nwrdr"], out["all"]
    # detached, gdb would read the kernel's file, where NwrData is all zeros
    assert "nwrdr: no target (QEMU's gdb stub is not connected)" in out["all"], out["all"]
