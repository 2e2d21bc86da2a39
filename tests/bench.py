r"""bench.py - `make bench`: speed and size figures as ratios, one line each.

boot: the time from starting QEMU to the kernel's ready line (the kernel
exits right after it in batch mode) against the time QEMU takes to start and
exit an empty multiboot kernel (tests/bench/empty.S) with the same flags and
devices. The two are interleaved, RUNS times each, and the medians compared.

null IRP: the guest suite test=nullirp times 0-byte reads on an open
\Device\Null handle with rdtsc; under -icount shift=0 the time-stamp counter
counts guest instructions. The same suite without icount gives reads per
second of real clock.

system call and process: the same boot of test=nullirp. A process times
20,000 calls of NtTestAlert, the cheapest native call, from ring 3 (int
0x2e, the dispatcher, back); the kernel times 50 processes of `utest exit 0`
from creation to deletion. A process's figure is bounded below by the
pages it commits and the kernel zeroes (its stack's 64 KiB, the PEB, TEB,
parameters and first heap page, about 20 pages, a store per word) and by
what ntdll and the C library do before main; its image's read-only pages
are shared and cost nothing.

NCP read: test=ncpbench with ncpserv beside QEMU (NIC=pci, no -v) and a
4 MiB SYS:PUBLIC\BENCH.DAT written into its root once it is ready. The guest
times, on its real clock, the whole file through NWRDR (NtReadFile in 64 KiB
calls on K:, which NWRDR's worker cuts into NCP reads of the negotiated
buffer), then as many exchanges of the same request and reply
sizes with ncpserv's echo through the same IPX transact path. NCP_RUNS
boots, each with a fresh ncpserv; each side's throughput is over all of
them (the host's load drifts between boots by more than NCP's own cost, and
moves both sides of one boot alike).

lava-run: the LAVA job of the pool suite's row (build/lava, `make lava`) run
by lava-run on the rendered device, against the same suite booted by run.sh
(plain QEMU), LAVA_RUNS times each, interleaved, medians compared. The floor
the overhead is bounded by is lava-run --validate of the same job: starting
lava-run, reading the job and the device and checking them (QEMU's version
included), which every job pays before it boots anything.
"""
import re
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lava"))
import irplab  # noqa: E402
import jobs  # noqa: E402
import matrix  # noqa: E402
import test_ncp  # noqa: E402
import test_ne2000  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "9"))
NCP_RUNS = int(os.environ.get("BENCH_NCP_RUNS", "7"))
NCP_FILE_SIZE = 4 << 20
NCP_TARGET = 0.8
LAVA_RUNS = int(os.environ.get("BENCH_LAVA_RUNS", "5"))
EMPTY = os.path.join(irplab.BUILD, "bench", "empty.elf")
TARGET = 1.3
SYSCALL_TARGET = 300


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
    """(instructions per read, reads per second, per system call, per process,
    microseconds per process)."""
    counted = irplab.boot("test=nullirp", qemu_extra="-icount shift=0", timeout=300)
    timed = irplab.boot("test=nullirp", timeout=300)
    for run in (counted, timed):
        if run.status != irplab.EXIT_PASS:
            sys.exit(f"bench: test=nullirp ended {run.verdict}\n{run.output}")
    insns = int(re.search(r"null IRP: (\d+) tsc per read", counted.output).group(1))
    rate = int(re.search(r"null IRP: (\d+) reads per second", timed.output).group(1))
    call = int(re.search(r"system call: (\d+) tsc per NtTestAlert", counted.output).group(1))
    life = int(re.search(r"process: (\d+) tsc per create", counted.output).group(1))
    life_us = int(re.search(r"process: (\d+) us of real clock", timed.output).group(1))
    return insns, rate, call, life, life_us


def ncpbench_once(work):
    """One boot of test=ncpbench: (ncp ms, raw ms, requests, chunk)."""
    port = test_ne2000.free_udp_port()
    server = test_ncp.Server(work, port, ("--bench-echo",), verbose=False)
    try:
        test_ncp.write_bench_file(server.root, NCP_FILE_SIZE)
        run = irplab.boot("test=ncpbench", timeout=300,
                          extra=["NIC=pci", f"NETPORT={port}", f"PEERPORT={server.port}"])
    finally:
        server.stop()
    if run.status != irplab.EXIT_PASS:
        sys.exit(f"bench: test=ncpbench ended {run.verdict}\n{run.output}")
    ncp = re.search(r"ncp read (\d+) bytes in (\d+) requests of (\d+) bytes .*, (\d+) ms$",
                    run.output, re.M)
    raw = re.search(r"raw (\d+) exchanges .*, (\d+) ms$", run.output, re.M)
    small = re.search(r"raw small (\d+) exchanges .*, (\d+) ms$", run.output, re.M)
    if not ncp or not raw or not small or int(ncp.group(1)) != NCP_FILE_SIZE or \
            raw.group(1) != ncp.group(2):
        sys.exit(f"bench: test=ncpbench printed no figures\n{run.output}")
    return (int(ncp.group(4)), int(raw.group(2)), int(ncp.group(2)), int(ncp.group(3)),
            int(small.group(2)) * 1000 / int(small.group(1)))


def ncp_read():
    """Totals over NCP_RUNS boots: (ncp ms, raw ms, requests, chunk), and the
    median microseconds of one small exchange."""
    ncp, raw, small = [], [], []
    work = tempfile.mkdtemp(prefix="irplab-bench.")
    try:
        for i in range(NCP_RUNS):
            os.mkdir(os.path.join(work, str(i)))
            n, r, requests, chunk, us = ncpbench_once(os.path.join(work, str(i)))
            ncp.append(n)
            raw.append(r)
            small.append(us)
    finally:
        shutil.rmtree(work)
    return sum(ncp), sum(raw), requests, chunk, statistics.median(small)


def timed(command):
    """Seconds COMMAND takes; it must succeed."""
    start = time.perf_counter()
    proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, irplab.EXIT_PASS):
        sys.exit(f"bench: {' '.join(command)} ended with status {proc.returncode}\n{proc.stderr}")
    return elapsed


def lava_overhead():
    """Medians: (lava-run of the pool job, run.sh of test=pool, lava-run --validate)."""
    row = next(row for row in matrix.PLAIN if row.suite == "pool")
    lava = os.path.join(irplab.BUILD, "lava")
    work = tempfile.mkdtemp(prefix="irplab-bench.")
    try:
        job = os.path.join(work, "job.yaml")
        with open(job, "w") as f:
            yaml.safe_dump(jobs.job(row.id, [row], f"file://{lava}", jobs.programs_in(irplab.BUILD),
                                    None, "bench"), f)
        runs = {"lava": [], "plain": [], "validate": []}
        for i in range(LAVA_RUNS):
            base = ["lava-run", "--job-id", f"irplab-bench-{os.getpid()}-{i}", "--output-dir",
                    os.path.join(work, str(i)), "--device", os.path.join(lava, "irplab-qemu-01.yaml")]
            runs["lava"].append(timed(base + [job]))
            runs["plain"].append(timed([os.path.join(irplab.ROOT, "qemu", "run.sh"), "test",
                                        irplab.KERNEL, f"ARGS={row.args}"]))
            runs["validate"].append(timed(base + ["--validate", job]))
    finally:
        shutil.rmtree(work)
    return tuple(statistics.median(runs[k]) for k in ("lava", "plain", "validate"))


RUN_TARGET = 10.0                   # make run: seconds to the orphan shown and the prompt
SCENARIO_SCHEDULES = 200
SCENARIO_TARGET = 200               # schedules per second in one boot
FIRST_ORPHAN_SEEDS = 9              # PCT boots timed to their first orphan
FIRST_ORPHAN_TARGET = 100           # rr's time to it over PCT's
RR_CAP_S = 300                      # sched=rr gives up after
SP_SCHEDULES = int(os.environ.get("BENCH_SP_SCHEDULES", "100000"))
SP_BOOTS = 2                        # in parallel, one per core
COST = re.compile(r"scenario: explored for (\d+) ms; a schedule sent (\d+) frames, issued "
                  r"(\d+) IRPs and ran (\d+) processes \(averages over (\d+) schedules\)")


def scenario(args, timeout=600, show=None):
    """Starts one boot of the scenario with ncpserv (run.sh starts it) and a
    thread that reads its console; SHOW, a label, prints its progress lines
    as they come. finish() waits for it."""
    cmd = [os.path.join(irplab.ROOT, "qemu", "run.sh"), "test", irplab.KERNEL, "NIC=pci",
           f"ARGS=scenario=q150047 {args}"]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    lines = []

    def read():
        for raw in proc.stdout:
            line = raw.decode("latin-1").rstrip()
            lines.append(line)
            if show and re.match(r"scenario: \d+ of \d+ schedules", line):
                print(f"  {show}: {line[len('scenario: '):]}", flush=True)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return proc, reader, lines, timeout


def finish(runs):
    """Waits for the boots RUNS (from scenario()); their (status, output)."""
    results = []
    for proc, reader, lines, timeout in runs:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        reader.join()
        results.append((proc.returncode, "\n".join(lines)))
    return results


def run_one(args, timeout=600, show=None):
    return finish([scenario(args, timeout, show)])[0]


def make_run_time():
    """Seconds `make run`'s boot (scenario=q150047, rtm, pct) takes to the
    end of the scenario - the orphan shown and cleared - where the shell's
    prompt comes next; QEMU's exit in batch mode marks it."""
    start = time.perf_counter()
    status, out = run_one("basesrv=rtm sched=pct")
    elapsed = time.perf_counter() - start
    if status != irplab.EXIT_PASS or "orphaned, shown and cleared" not in out:
        sys.exit(f"bench: the scenario ended with status {status}\n{out}")
    return elapsed


def scenario_rate():
    """Schedules per second of the scenario in one boot (sp: none stops
    it), and one schedule's frames, IRPs and processes."""
    status, out = run_one(f"basesrv=sp sched=pct schedules={SCENARIO_SCHEDULES}", 1800)
    cost = COST.search(out)
    if status != irplab.EXIT_PASS or not cost:
        sys.exit(f"bench: the sp scenario ended with status {status}\n{out}")
    ms, frames, irps, processes, done = (int(g) for g in cost.groups())
    return done, ms / 1000, frames, irps, processes


def first_orphan():
    """Seconds of exploring to the first orphan on rtm: the median over
    FIRST_ORPHAN_SEEDS PCT boots, and sched=rr's (None: not found in its
    cap, which is then the second figure)."""
    pct = []
    for seed in range(1, FIRST_ORPHAN_SEEDS + 1):
        status, out = run_one(f"basesrv=rtm sched=pct seed={seed}")
        cost = COST.search(out)
        if status != irplab.EXIT_PASS or not cost:
            sys.exit(f"bench: rtm under pct, seed {seed}, ended with status {status}\n{out}")
        pct.append(int(cost.group(1)) / 1000)
    status, out = run_one(f"basesrv=rtm sched=rr schedules=1000000 rrcap={RR_CAP_S}", 2 * RR_CAP_S,
                          show="rr")
    cost = COST.search(out)
    if not cost:
        sys.exit(f"bench: rtm under rr ended with status {status}\n{out}")
    found = status == irplab.EXIT_PASS and "orphaned in schedule" in out
    return statistics.median(pct), int(cost.group(1)) / 1000, found


def sp_sweep():
    """SP_SCHEDULES schedules of sp under PCT, SP_BOOTS boots side by side
    on consecutive seed ranges: (schedules, orphans, seconds)."""
    each = SP_SCHEDULES // SP_BOOTS
    start = time.perf_counter()
    runs = [scenario(f"basesrv=sp sched=pct seed={1 + i * each} schedules={each}", 4 * 3600,
                     show=f"sp boot {i + 1}/{SP_BOOTS}") for i in range(SP_BOOTS)]
    done = orphans = 0
    for status, out in finish(runs):
        cost = COST.search(out)
        if not cost:
            sys.exit(f"bench: an sp sweep boot ended with status {status}\n{out}")
        done += int(cost.group(5))
        orphans += "orphaned in schedule" in out
    return done, orphans, time.perf_counter() - start


def main():
    empty, kernel = [], []
    for _ in range(RUNS):
        empty.append(time_to_line(EMPTY, None))
        kernel.append(time_to_line(irplab.KERNEL, b"irplab: ready"))
    e, k = statistics.median(empty), statistics.median(kernel)
    print(f"boot: {k:.3f} s vs empty kernel {e:.3f} s, ratio {k / e:.2f} "
          f"(target <= {TARGET}; median of {RUNS} interleaved runs)")
    insns, rate, call, life, life_us = null_irp()
    print(f"null IRP: {insns} guest instructions per 0-byte read vs target 800, "
          f"ratio {insns / 800:.2f} (target <= 1.0; verifier on, text trace off); "
          f"{rate} IRPs per second")
    print(f"system call: {call} guest instructions per NtTestAlert round trip from ring 3 vs "
          f"target {SYSCALL_TARGET}, ratio {call / SYSCALL_TARGET:.2f} (target <= 1.0)")
    print(f"process: {life} guest instructions per create, run to exit and delete "
          f"({life_us} us of real clock; no target: bounded by the ~20 pages it commits and "
          f"the C library's start)")
    ncp_ms, raw_ms, requests, chunk, small_us = ncp_read()
    mib = NCP_FILE_SIZE / (1 << 20)
    ncp_rate = mib * NCP_RUNS * 1000 / max(ncp_ms, 1)
    raw_rate = mib * NCP_RUNS * 1000 / max(raw_ms, 1)
    print(f"NCP read through NWRDR: {mib:g} MiB at {ncp_rate:.2f} MiB/s vs raw IPX exchange "
          f"{raw_rate:.2f} MiB/s, ratio {ncp_rate / raw_rate:.2f} (target >= {NCP_TARGET}; "
          f"{requests} requests of {chunk} bytes, over {NCP_RUNS} boots)")
    shown = make_run_time()
    print(f"make run: {shown:.1f} s from start to the orphan shown and cleared vs target "
          f"{RUN_TARGET:g} s, ratio {shown / RUN_TARGET:.2f} (target <= 1.0; rtm, pct)")
    done, seconds, frames, irps, processes = scenario_rate()
    per_s = done / max(seconds, 0.001)
    floor_ms = (frames * small_us + irps * 1e6 / rate + processes * life_us) / 1000
    print(f"scenario: {per_s:.1f} schedules per second in one boot vs target "
          f"{SCENARIO_TARGET}, ratio {per_s / SCENARIO_TARGET:.2f} (target >= 1.0; {done} sp "
          f"schedules in {seconds:.1f} s); floor {1000 / floor_ms:.0f} per second, at "
          f"{100 * per_s * floor_ms / 1000:.0f}% of it (a schedule's {frames} exchanges at "
          f"{small_us:.0f} us, {irps} IRPs at {1e6 / rate:.1f} us, {processes} processes at "
          f"{life_us} us)")
    pct_s, rr_s, found = first_orphan()
    rr_text = f"{rr_s:.1f} s" if found else f"not found in {rr_s:.0f} s"
    print(f"first orphan: PCT {pct_s:.2f} s (median of {FIRST_ORPHAN_SEEDS} seeds) vs sched=rr "
          f"{rr_text}, ratio {'>= ' if not found else ''}{rr_s / pct_s:.0f} (target >= "
          f"{FIRST_ORPHAN_TARGET}; rtm, seconds of exploring)")
    done, orphans, seconds = sp_sweep()
    print(f"sp sweep: {done} schedules, {orphans} orphans, {done / seconds:.1f} schedules per "
          f"second over {SP_BOOTS} boots side by side (target: 0 orphans in >= 100000; "
          f"BENCH_SP_SCHEDULES={SP_SCHEDULES})")
    if os.geteuid() != 0:
        print("lava-run: not measured (lava-run runs as root only)")
        return
    lava, plain, floor = lava_overhead()
    print(f"lava-run: {lava:.2f} s per job vs plain QEMU {plain:.2f} s, ratio {lava / plain:.1f} "
          f"(test=pool; overhead {lava - plain:.2f} s, floor {floor:.2f} s: lava-run --validate "
          f"of the job; median of {LAVA_RUNS} interleaved runs)")


if __name__ == "__main__":
    main()
