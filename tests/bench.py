"""bench.py - `make bench`: speed and size figures as ratios, one line each.

boot: the time from starting QEMU to the kernel's ready line (the kernel
exits right after it in batch mode) against the time QEMU takes to start and
exit an empty multiboot kernel (tests/bench/empty.S) with the same flags and
devices. The two are interleaved, RUNS times each, and the medians compared.

null IRP: the guest suite test=nullirp times 0-byte reads on an open
\Device\Null handle with rdtsc; under -icount shift=0 the time-stamp counter
counts guest instructions. The same suite without icount gives reads per
second of real clock.
"""
import re
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import irplab  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "9"))
EMPTY = os.path.join(irplab.BUILD, "bench", "empty.elf")
TARGET = 1.3


def time_to_line(kernel, line):
    """Seconds from spawning QEMU until LINE appears on COM1 (or QEMU exits)."""
    cmd = [os.path.join(irplab.ROOT, "qemu", "run.sh"), "test", kernel, "ARGS="]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    for raw in proc.stdout:
        if line and line in raw:
            break
    elapsed = time.perf_counter() - start
    proc.wait(timeout=30)
    if proc.returncode != irplab.EXIT_PASS:
        sys.exit(f"bench: {kernel} ended with status {proc.returncode}")
    return elapsed


def null_irp():
    """(instructions per read, reads per second)."""
    counted = irplab.boot("test=nullirp", qemu_extra="-icount shift=0", timeout=300)
    timed = irplab.boot("test=nullirp", timeout=300)
    for run in (counted, timed):
        if run.status != irplab.EXIT_PASS:
            sys.exit(f"bench: test=nullirp ended {run.verdict}\n{run.output}")
    insns = int(re.search(r"null IRP: (\d+) tsc per read", counted.output).group(1))
    rate = int(re.search(r"null IRP: (\d+) reads per second", timed.output).group(1))
    return insns, rate


def main():
    empty, kernel = [], []
    for _ in range(RUNS):
        empty.append(time_to_line(EMPTY, None))
        kernel.append(time_to_line(irplab.KERNEL, b"irplab: ready"))
    e, k = statistics.median(empty), statistics.median(kernel)
    print(f"boot: {k:.3f} s vs empty kernel {e:.3f} s, ratio {k / e:.2f} "
          f"(target <= {TARGET}; median of {RUNS} interleaved runs)")
    insns, rate = null_irp()
    print(f"null IRP: {insns} guest instructions per 0-byte read vs target 800, "
          f"ratio {insns / 800:.2f} (target <= 1.0; verifier on, text trace off); "
          f"{rate} IRPs per second")


if __name__ == "__main__":
    main()
