"""test_debug.py - the debugging path of `make debug` / `make gdb`: QEMU
halted with its gdb stub, gdb in batch mode with the gdbinit that make
generates (from qemu/gdb/gdbinit.in), a breakpoint in a named kernel
function, and a backtrace that shows source files and lines."""
import os
import signal
import re
import socket
import subprocess

import irplab


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_gdbinit(path, port):
    with open(os.path.join(irplab.ROOT, "qemu", "gdb", "gdbinit.in")) as f:
        text = f.read()
    text = (text.replace("@KERNEL@", irplab.KERNEL).replace("@GDBPORT@", str(port))
            .replace("@GDBDIR@", os.path.join(irplab.ROOT, "qemu", "gdb")))
    with open(path, "w") as f:
        f.write(text)


def gdb_batch(workdir, steps, args="", timeout=90, extra=()):
    """Boots `make debug`'s QEMU (qemu/run.sh debug) with boot arguments ARGS
    and run.sh settings EXTRA (NIC=pci: the card, and ncpserv beside it),
    runs gdb in batch mode with the rendered gdbinit and STEPS (-ex each),
    stops QEMU and whatever run.sh started; returns gdb's (stdout, stderr)."""
    port = free_port()
    gdbinit = os.path.join(str(workdir), "gdbinit")
    render_gdbinit(gdbinit, port)
    qemu = subprocess.Popen([os.path.join(irplab.ROOT, "qemu", "run.sh"), "debug", irplab.KERNEL,
                             f"GDBPORT={port}", f"ARGS={args}", *extra], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        argv = ["gdb", "-batch", "-nx", "-x", gdbinit]
        for step in steps:
            argv += ["-ex", step]
        gdb = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    finally:
        os.killpg(qemu.pid, signal.SIGKILL)
        qemu.wait(timeout=10)
    return gdb.stdout, gdb.stderr


def test_breakpoint_and_backtrace_with_source(tmp_path):
    stdout, stderr = gdb_batch(tmp_path, ["break HalScanPci", "continue", "bt",
                                          "info registers eip"])
    out = stdout + stderr
    if not re.search(r"Breakpoint 1, HalScanPci \(\) at kernel/hal/pci\.c:\d+", out):
        irplab.save_failure("debug-breakpoint", out)
    assert re.search(r"Breakpoint 1, HalScanPci \(\) at kernel/hal/pci\.c:\d+", out), out
    assert re.search(r"#1 .*KiSystemStartup .* at kernel/ke/init\.c:\d+", out), out
    assert "eip" in out
