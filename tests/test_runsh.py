"""test_runsh.py - qemu/run.sh refuses bad settings with one line, status
2, before it starts ncpserv, smbserv or QEMU."""
import subprocess

import pytest

import irplab

BAD = [
    ("NCPKEY=xyz", "run.sh: NCPKEY=xyz: 16 hex digits"),
    ("NCPKEY=0123456789abcdef0", "run.sh: NCPKEY=0123456789abcdef0: 16 hex digits"),
    ("SMBKEY=0123", "run.sh: SMBKEY=0123: 16 hex digits"),
    ("SMBSERV=yes", "run.sh: SMBSERV=yes: on or off"),
    ("SMBSERV=", "run.sh: SMBSERV=: on or off"),
    ("RR=rewind:x", "run.sh: RR=rewind:x: record:FILE or replay:FILE"),
    ("RR=record:", "run.sh: RR=record:: record:FILE or replay:FILE"),
    ("DECISIONS=/etc/hostname", "run.sh: DECISIONS=/etc/hostname: not a file called decisions"),
    ("DECISIONS=/nonexistent/decisions",
     "run.sh: DECISIONS=/nonexistent/decisions: not a file called decisions"),
]


@pytest.mark.parametrize("setting,message", BAD, ids=[b[0] for b in BAD])
def test_bad_settings_are_refused(setting, message):
    run = subprocess.run([f"{irplab.ROOT}/qemu/run.sh", "test", irplab.KERNEL, "NIC=pci",
                          setting], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=30)
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.strip() == message
    assert run.stdout == ""
