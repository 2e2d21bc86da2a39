"""test_setup.py - the set-up step make runs before anything else
(tools/deps.sh): with every package present it is silent; as a user who is
not root, with packages missing, it prints the exact apt-get command and
fails instead of half-installing; lava-dispatcher comes without its
recommended packages."""
import os
import subprocess

import irplab

DEPS = os.path.join(irplab.ROOT, "tools", "deps.sh")


def fake_bin(tmp_path, name, body):
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)


def test_nothing_missing_is_silent():
    proc = subprocess.run([DEPS], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""


def test_not_root_prints_the_install_line_and_fails(tmp_path):
    fake_bin(tmp_path, "dpkg-query", 'case "$3" in tshark|gdb) exit 1 ;; *) echo "install ok installed" ;; esac')
    fake_bin(tmp_path, "id", "echo 1000")
    env = dict(os.environ, PATH=f"{tmp_path}:{os.environ['PATH']}")
    proc = subprocess.run([DEPS], capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 1
    assert "irplab needs these Debian packages: gdb tshark" in proc.stderr
    assert ("run as root:  apt-get update && DEBIAN_FRONTEND=noninteractive "
            "apt-get install -y gdb tshark") in proc.stderr


def test_lava_dispatcher_comes_without_recommends(tmp_path):
    fake_bin(tmp_path, "dpkg-query", 'case "$3" in gdb|lava-dispatcher) exit 1 ;; *) echo "install ok installed" ;; esac')
    fake_bin(tmp_path, "id", "echo 1000")
    env = dict(os.environ, PATH=f"{tmp_path}:{os.environ['PATH']}")
    proc = subprocess.run([DEPS], capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 1
    assert ("run as root:  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y gdb"
            " && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "
            "lava-dispatcher\n") in proc.stderr
