"""test_csnw.py - Client Services for NetWare's stop and start (user/csnw) on
QEMU's wire with ncpserv beside it, silent on the connection of the first
Read File (the guest suite tests/guest/test_csnw.c, with nwtest's `pending`
and `define` cases).

Every process the suite runs is framed on the console by "# csnw: run:
LINE (as USER)" and "# csnw: exit N"; what lies between is what it printed
(less the holder's "# nwtest:" lines, which may land in the middle of
csnw's), and it must be net.exe's text for the service with net.exe's exit
status. The holder's queued reads end STATUS_CANCELLED, and ncpserv's log
shows every connection it made destroyed again, but the one it silenced:
the client abandons a connection whose server stopped answering, without a
word on the wire. Without a card every case is a SKIP.
"""
import os
import re

import pytest

import matrix
from test_guest import assert_ktap_passed
from test_ncp import NCPSERV, boot, check

SERVICE = "Client Services for NetWare"
STOPPED = (rf"The {SERVICE} service is stopping\.+\n"
           rf"The {SERVICE} service was stopped successfully\.\n")
STARTED = (rf"The {SERVICE} service is starting\.+\n"
           rf"The {SERVICE} service was started successfully\.\n")
DENIED = re.escape("System error 5 has occurred.\n\nAccess is denied.\n")
IN_USE = re.escape("System error 85 has occurred.\n\nThe local device name is already in use.\n")
DONE = re.escape("The command completed successfully.\n")
SYS = "\\\\NWSERVER\\SYS"
NET_USE_X = f"net use X: {SYS} SECRET /USER:SUPERVISOR (as SYSTEM)"

# (command line, exit status, a pattern for the whole of what it printed),
# in the order the suite runs them.
EXPECTED = [
    (NET_USE_X, 0, DONE),
    (NET_USE_X, 2, IN_USE),             # the first one's X:, orphaned with its process
    ("csnw restart (as MMTA)", 2, DENIED),
    ("csnw stop (as MMTA)", 2, DENIED),
    ("csnw restart (as SYSTEM)", 0, STOPPED + STARTED),
    (NET_USE_X, 0, DONE),               # X: is free again
    ("csnw stop (as SYSTEM)", 0, STOPPED),
    ("csnw stop (as SYSTEM)", 2, re.escape(
        f"The {SERVICE} service is not started.\n\n"
        "More help is available by typing NET HELPMSG 3521.\n")),
    ("csnw start (as SYSTEM)", 0, STARTED),
    ("csnw start (as SYSTEM)", 2, re.escape(
        "The requested service has already been started.\n\n"
        "More help is available by typing NET HELPMSG 2182.\n")),
    ("csnw pause (as SYSTEM)", 1, re.escape(
        "The syntax of this command is:\n\nCSNW STOP | START | RESTART\n")),
]


def framed(output):
    """[(command line, exit status, what it printed)], in order."""
    runs = re.findall(r"^# csnw: run: ([^\n]*)\n(.*?)^# csnw: exit (-?\d+)\n", output, re.M | re.S)
    return [(line, int(status), re.sub(r"# nwtest: [^\n]*\n", "", text))
            for line, text, status in runs]


pytestmark = pytest.mark.skipif(not os.access(NCPSERV, os.X_OK),
                                reason="ncpserv not built: run through make test")


@pytest.mark.parametrize("row", matrix.CSNW, ids=matrix.ids(matrix.CSNW))
def test_restart_clears_the_orphans(qemu, tmp_path, row, request):
    run, server, pcap = boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv,
                             timeout=row.timeout)
    check(run, pcap, request)
    assert_ktap_passed(run)
    assert "# SKIP" not in run.output
    runs = [r for r in framed(run.output) if r[0].startswith(("csnw", "net use X:"))]
    assert len(runs) == len(EXPECTED), runs
    for (line, status, text), (want_line, want_status, pattern) in zip(runs, EXPECTED):
        assert (line, status) == (want_line, want_status), (line, status, text)
        assert re.fullmatch(pattern, text), (line, text)
    assert re.search(r"# nwtest: P: on the wire 0x[0-9a-f]{8}; queued 0xc0000120 0xc0000120 "
                     r"0xc0000120$", run.output, re.M), run.output
    assert "# csnw: after: X: '', Y: '', P: '', W: '\\Device\\Null', L: '\\Device\\Null'" \
        in run.output
    with open(server.log_path) as f:
        log = f.read()
    silenced = set(re.findall(r"fault: conn (\d+) silent", log))
    made = re.findall(r"create task \d+ -> connection (\d+)$", log, re.M)
    gone = re.findall(r"destroy connection (\d+)$", log, re.M)
    assert len(silenced) == 1 and made, log
    assert sorted(made) == sorted(gone + list(silenced)), (made, gone, silenced)


def test_csnw_skips_without_a_card(qemu):
    run = qemu("test=csnw")
    assert_ktap_passed(run)
    assert run.output.count("# SKIP NWRDR is not running") == 2
