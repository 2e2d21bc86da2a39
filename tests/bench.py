"""bench.py - `make bench`: speed figures as ratios, one line each.

boot: the time from starting QEMU to the kernel's ready line (the kernel
exits right after it in batch mode) against the time QEMU takes to start and
exit an empty multiboot kernel (tests/bench/empty.S) with the same flags and
devices. The two are interleaved, RUNS times each, and the medians compared.
"""
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


def main():
    empty, kernel = [], []
    for _ in range(RUNS):
        empty.append(time_to_line(EMPTY, None))
        kernel.append(time_to_line(irplab.KERNEL, b"irplab: ready"))
    e, k = statistics.median(empty), statistics.median(kernel)
    print(f"boot: {k:.3f} s vs empty kernel {e:.3f} s, ratio {k / e:.2f} "
          f"(target <= {TARGET}; median of {RUNS} interleaved runs)")


if __name__ == "__main__":
    main()
