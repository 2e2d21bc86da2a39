"""irplab.py - what the pytest harness knows about booting irplab.

boot() starts the kernel through qemu/run.sh (the one place that knows
QEMU's command line) with a time limit, and returns a Run: the exit status,
the serial output, the KTAP lines and the STOP screen if there was one.

QEMU's own statuses 0 (a triple fault under -no-reboot) and 1 (a bad
option) are never a verdict; the kernel's are 33, 35 and 37.
"""
import os
import re
import signal
import subprocess
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("IRPLAB_BUILD", os.path.join(ROOT, "build"))
KERNEL = os.path.join(BUILD, "kernel.elf")
RESULTS = os.path.join(BUILD, "test-results")

EXIT_PASS, EXIT_FAIL, EXIT_BUGCHECK = 33, 35, 37
VERDICTS = {EXIT_PASS: "pass", EXIT_FAIL: "fail", EXIT_BUGCHECK: "bugcheck",
            0: "QEMU status 0: triple fault or reset", 1: "QEMU status 1: QEMU refused to start",
            None: "time limit reached"}

KTAP_LINE = re.compile(r"^(not )?ok (\d+) (\S+)", re.M)
STOP_LINE = re.compile(r"\*\*\* STOP: 0x([0-9A-F]{8}) \((0x[0-9A-F]{8}),(0x[0-9A-F]{8}),"
                       r"(0x[0-9A-F]{8}),(0x[0-9A-F]{8})\)\n(\w+)")


@dataclass
class Stop:
    code: int
    params: list
    name: str
    backtrace: list


@dataclass
class Run:
    args: str
    status: int
    output: str
    logs: dict = field(default_factory=dict)

    @property
    def verdict(self):
        return VERDICTS.get(self.status, f"unexpected status {self.status}")

    def ktap(self):
        """[(ok, number, name)] in the order printed."""
        return [(not m.group(1), int(m.group(2)), m.group(3))
                for m in KTAP_LINE.finditer(self.output)]

    def plan(self):
        m = re.search(r"^1\.\.(\d+)$", self.output, re.M)
        return int(m.group(1)) if m else None

    def stop(self):
        m = STOP_LINE.search(self.output)
        if not m:
            return None
        tail = self.output[m.end():]
        frames = re.findall(r"^ #\d+\s+0x[0-9a-f]{8} (\S+)$", tail, re.M)
        return Stop(int(m.group(1), 16), [int(p, 16) for p in m.group(2, 3, 4, 5)],
                    m.group(6), frames)


def boot(args="", timeout=60, stdin=None, mode="test", extra=None, qemu_extra=None):
    """Boots the kernel with boot arguments ARGS; STDIN (bytes) is fed to COM1."""
    cmd = [os.path.join(ROOT, "qemu", "run.sh"), mode, KERNEL, f"ARGS={args}"] + (extra or [])
    # extra: more run.sh settings, e.g. ["COM2=/path"] for the trace port
    env = dict(os.environ, QEMU_EXTRA=qemu_extra) if qemu_extra else None
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        out, _ = proc.communicate(stdin or b"", timeout=timeout)
        status = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        status = None
    text = out.decode("latin-1").replace("\r\n", "\n")
    return Run(args=args, status=status, output=text)


def save_failure(name, text):
    """Keeps the transcript of a failed run under build/test-results/."""
    os.makedirs(RESULTS, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    path = os.path.join(RESULTS, safe + ".log")
    with open(path, "w") as f:
        f.write(text)
    return path
