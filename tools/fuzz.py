#!/usr/bin/env python3
"""fuzz.py - runs libFuzzer targets for a while and says what happened
(`make fuzz`; tests/fuzz/fuzz.mk).

    fuzz.py --build B --seconds N TARGET...

Each target (B/fuzz/fuzz_TARGET) starts from the committed seeds
(tests/fuzz/corpus/TARGET) and what earlier runs kept (B/fuzz/corpus/TARGET,
where new inputs go), runs N seconds, and writes any input that broke a
property, crashed, leaked or timed out to B/fuzz/findings/TARGET/. One line
per target: inputs run, coverage (edges), corpus size, findings. The exit
status is 1 when anything was found.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FINDING = re.compile(r"^(crash|timeout|oom|leak)-")


def run(build, target, seconds):
    program = os.path.join(build, "fuzz", "fuzz_" + target)
    work = os.path.join(build, "fuzz", "corpus", target)
    findings = os.path.join(build, "fuzz", "findings", target)
    seeds = os.path.join(ROOT, "tests", "fuzz", "corpus", target)
    os.makedirs(work, exist_ok=True)
    os.makedirs(findings, exist_ok=True)
    before = set(os.listdir(findings))
    proc = subprocess.run(
        [program, f"-max_total_time={seconds}", "-timeout=10", "-rss_limit_mb=2048",
         "-print_final_stats=1", f"-artifact_prefix={findings}/", work, seeds],
        capture_output=True, text=True, errors="replace")
    log = proc.stderr
    with open(os.path.join(build, "fuzz", target + ".log"), "w") as f:
        f.write(log)
    runs = re.findall(r"stat::number_of_executed_units: (\d+)", log)
    cov = re.findall(r"\bcov: (\d+)", log)
    corpus = len(os.listdir(work))
    new = sorted(n for n in set(os.listdir(findings)) - before if FINDING.match(n))
    print(f"fuzz_{target}: {runs[-1] if runs else '?'} inputs in {seconds} s, "
          f"coverage {cov[-1] if cov else '?'} edges, corpus {corpus}, "
          f"{len(new)} findings" + (f" in {findings}: {' '.join(new)}" if new else ""))
    return not new and proc.returncode == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("targets", nargs="+")
    args = parser.parse_args()
    ok = [run(args.build, t, args.seconds) for t in args.targets]
    sys.exit(0 if all(ok) else 1)


if __name__ == "__main__":
    main()
