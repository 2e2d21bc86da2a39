"""test_net.py - the `net` program (user/net, NT's `net use`) on QEMU's
wire with ncpserv beside it (the guest suite tests/guest/test_net.c, with
tests/user/nwtest.c's `netuse` and `wnet` cases).

Every `net` the suite runs as a process of its own is framed on the
console by "# net: run: LINE" and "# net: exit N"; what lies between is
what that process printed, and it must be NT's text exactly, with
net.exe's exit status (0 done, 1 the syntax, 2 an error). The in-process
case compares its own outputs (the list's columns and row, a
connection's details, 85, `*`, delete and delete again) and prints them
for the transcript. Without a card every case is a SKIP.
"""
import os
import re

import pytest

import matrix
from test_guest import assert_ktap_passed
from test_ncp import NCPSERV, boot, check

SYNTAX = ("The syntax of this command is:\n\n\n"
          "NET USE [devicename | *] [\\\\computername\\sharename[\\volume]] [password | *]]\n"
          "        [/USER:[domainname\\]username]\n"
          "        [[/DELETE] | [/PERSISTENT:{YES | NO}]]\n\n"
          "NET USE [devicename | *] [password | *]] [/HOME]\n\n"
          "NET USE [/PERSISTENT:{YES | NO}]\n\n")
NOT_FOUND = ("The network connection could not be found.\n\n"
             "More help is available by typing NET HELPMSG 2250.\n")


def system_error(number, text):
    return f"System error {number} has occurred.\n\n{text}\n"


SYS = "\\\\NWSERVER\\SYS"
EXPECTED = [
    ("net use", 0, "There are no entries in the list.\n"),
    ("net use /BOGUS", 1, "The option /BOGUS is unknown.\n\n" + SYNTAX
     + "More help is available by typing NET HELPMSG 3506.\n\n"),
    (f"net use X: {SYS} SECRET EXTRA /USER:SUPERVISOR", 1, SYNTAX),
    ("net use X: /delete /USER:SUPERVISOR", 1, SYNTAX),
    ("net view", 2, system_error(50, "The request is not supported.")),
    ("net use V: \\\\NWSERVER\\NOSUCH /USER:GUEST", 2,
     system_error(67, "The network name cannot be found.")),
    ("net use V: \\\\NOSERVER\\SYS /USER:GUEST", 2,
     system_error(53, "The network path was not found.")),
    (f"net use V: {SYS} WRONG /USER:SUPERVISOR", 2,
     system_error(86, "The specified network password is not correct.")),
    (f"net use V: {SYS} X /USER:NOBODY", 2,
     system_error(1326, "Logon failure: unknown user name or bad password.")),
    ("net use V: /d", 2, NOT_FOUND),
    ("net use V:", 2, NOT_FOUND),
    (f"net use {SYS} /USER:GUEST", 2, system_error(1200, "The specified device name is invalid.")),
    (f"net use x: {SYS} SECRET /USER:SUPERVISOR", 0, "The command completed successfully.\n"),
    # the first net's connection ended with its process; its X: did not
    (f"net use X: {SYS} SECRET /USER:SUPERVISOR", 2,
     "System error 85 has occurred.\n\nThe local device name is already in use.\n"),
    ("net use X: /DELETE", 2, NOT_FOUND),
]


def framed(output):
    """{command line: (exit status, what the process printed)}."""
    runs = re.findall(r"^# net: run: ([^\n]*)\n(.*?)^# net: exit (-?\d+)\n", output, re.M | re.S)
    return {line: (int(status), text) for line, text, status in runs}


pytestmark = pytest.mark.skipif(not os.access(NCPSERV, os.X_OK),
                                reason="ncpserv not built: run through make test")


@pytest.mark.parametrize("row", matrix.NET, ids=matrix.ids(matrix.NET))
def test_net_use_texts(qemu, tmp_path, row, request):
    run, _, pcap = boot(qemu, tmp_path, row.nic, row.args, timeout=row.timeout)
    check(run, pcap, request)
    assert_ktap_passed(run)
    assert "# SKIP" not in run.output
    runs = framed(run.output)
    for line, status, text in EXPECTED:
        assert runs.get(line) == (status, text), (line, runs.get(line))
    listing = ("Status       Local name        Remote name               Network\n"
               + "-" * 79 + "\n"
               "OK           X:                \\\\NWSERVER\\SYS            "
               "NetWare Compatible Network\n"
               "The command completed successfully.\n")
    assert "# nwtest: net use -> 0\n" + listing in run.output


def test_net_skips_without_a_card(qemu):
    run = qemu("test=net")
    assert_ktap_passed(run)
    assert run.output.count("# SKIP NWRDR is not running") == 3
