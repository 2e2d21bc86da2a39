"""ktapwatch.py QEMU-COMMAND... - run QEMU with its console passed through
untouched, then end the output with the run's verdict line. run.sh's qemu
mode (a LAVA worker's device command) runs QEMU through this.

LAVA reads a run from the serial line alone: it ignores QEMU's exit status
and cannot count. So this reads what the kernel prints - the KTAP plan
"1..N", the "ok"/"not ok" lines, a "# expect STOP 0x... NAME" line, a STOP
screen and the end line (the suite's "# NAME: F of N failed" or "*** End of
STOP report") - and, once QEMU has exited, prints

    irplab: verdict pass
    irplab: verdict fail: KIND: DETAILS

where KIND is "unexpected STOP", "no end line", "failed case" or "missing
case". A run passes when every case of the plan said ok, or when it ended
in the STOP screen its suite expected, code and name.

When QEMU ends with one of the kernel's statuses (or 0, a triple fault)
but the kernel printed no end line, it first prints a failed case and an
end line of its own, so that a LAVA monitor ends on a kernel failure rather
than on a closed connection, which LAVA would count as the lab's fault.
QEMU's status 1 (it refused to start) gets no such line: that is the lab's.

Exits with QEMU's status. A hang-up, interrupt or termination is passed on
to QEMU, so that run.sh can stop the NetWare server after it.
"""
import os
import re
import signal
import subprocess
import sys

PLAN = re.compile(r"1\.\.(\d+)$")
CASE = re.compile(r"(not )?ok (\d+) (\S+)")
EXPECT = re.compile(r"# expect STOP 0x([0-9A-F]{8}) (\w+)$")
STOP = re.compile(r"\*\*\* STOP: 0x([0-9A-F]{8}) \(")
END = re.compile(r"# [\w-]+: \d+ of \d+ failed$|\*\*\* End of STOP report$")

# Statuses the kernel ends QEMU with (isa-debug-exit), and 0: the triple
# fault that -no-reboot turns into an exit.
KERNEL_STATUSES = {0: "a triple fault", 33: "the pass status", 35: "the fail status",
                   37: "the bugcheck status"}


class Ktap:
    """What one run's console said, line by line."""

    def __init__(self):
        self.header = False
        self.plan = None
        self.cases = []             # (ok, number, name)
        self.expected = None        # (code, name) of "# expect STOP"
        self.stop = None            # (code, name) of the STOP screen
        self.ended = False
        self._stop_code = None      # a STOP line whose name is the next line

    def feed(self, line):
        line = line.rstrip("\r")
        if self._stop_code is not None:
            self.stop, self._stop_code = (self._stop_code, line.strip()), None
        elif line == "KTAP version 1":
            self.header = True
        elif PLAN.match(line) and self.plan is None:
            self.plan = int(PLAN.match(line).group(1))
        elif CASE.match(line):
            m = CASE.match(line)
            self.cases.append((not m.group(1), int(m.group(2)), m.group(3)))
        elif EXPECT.match(line):
            self.expected = EXPECT.match(line).groups()
        elif STOP.match(line):
            self._stop_code = STOP.match(line).group(1)
        elif END.match(line):
            self.ended = True

    def verdict(self, status):
        """None for a pass, else (kind, details)."""
        failed = [name for ok, _, name in self.cases if not ok]
        if self.stop is not None and self.stop != self.expected:
            stop = f"0x{self.stop[0]} {self.stop[1]}"
            if self.expected:
                stop += f", the suite expected 0x{self.expected[0]} {self.expected[1]}"
            return "unexpected STOP", stop
        if not self.ended:
            return "no end line", f"QEMU exited with status {status}"
        if failed:
            return "failed case", f"{', '.join(failed)} ({len(failed)} of plan 1..{self.plan})"
        if self.stop is None:
            return self._missing()
        return None

    def _missing(self):
        if self.plan is None:
            return "missing case", "no KTAP plan"
        numbers = [number for _, number, _ in self.cases]
        missing = sorted(set(range(1, self.plan + 1)) - set(numbers))
        if missing or len(numbers) != self.plan:
            cases = " ".join(map(str, missing)) or "none"
            return "missing case", (f"{len(numbers)} reported for plan 1..{self.plan}, "
                                    f"missing: {cases}")
        return None

    def closing_lines(self, status):
        """The lines to print after QEMU exited with STATUS."""
        lines = []
        if not self.ended and status in KERNEL_STATUSES:
            if not self.header:
                lines.append("KTAP version 1")
            lines += [f"not ok {len(self.cases) + 1} end_line # QEMU exited with "
                      f"{KERNEL_STATUSES[status]} ({status}) before the kernel's end line",
                      "# end_line: 1 of 1 failed"]
        verdict = self.verdict(status)
        lines.append("irplab: verdict pass" if verdict is None
                     else "irplab: verdict fail: %s: %s" % verdict)
        return lines


def write(data):
    while data:
        data = data[os.write(1, data):]


def pass_through(qemu, ktap):
    """Copies QEMU's output to ours as it comes; feeds whole lines to KTAP."""
    partial = b""
    while True:
        data = os.read(qemu.stdout.fileno(), 4096)
        if not data:
            break
        write(data)
        lines = (partial + data).split(b"\n")
        partial = lines.pop()
        for line in lines:
            ktap.feed(line.decode("latin-1"))
    if partial:
        ktap.feed(partial.decode("latin-1"))


def main(command):
    qemu = subprocess.Popen(command, stdout=subprocess.PIPE)
    for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda number, _: qemu.send_signal(number))
    ktap = Ktap()
    pass_through(qemu, ktap)
    status = qemu.wait()
    write("".join(line + "\n" for line in ktap.closing_lines(status)).encode())
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
