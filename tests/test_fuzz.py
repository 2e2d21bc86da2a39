"""test_fuzz.py - the libFuzzer targets of tests/fuzz, briefly (`make fuzz`
runs them long): each one's committed seeds, then a fixed number of
inputs from a fixed seed (the smoke); every reproducer kept under
tests/fuzz/regressions/TARGET replayed; and the committed seeds checked to
be exactly what tools/fuzzseeds.py makes from the project's own programs.
"""
import os
import subprocess
import tempfile

import pytest

from irplab import BUILD, ROOT

FUZZ = os.path.join(ROOT, "tests", "fuzz")
# Inputs per smoke run: the codecs and parsers are fast; ncpserv touches files.
SMOKE_RUNS = {"ipxwire": 30000, "ncpwire": 30000, "ncpserv": 4000, "bootargs": 30000,
              "lineedit": 30000, "nwrdr": 30000, "smbwire": 30000}


def program(target):
    path = os.path.join(BUILD, "fuzz", "fuzz_" + target)
    if not os.access(path, os.X_OK):
        pytest.skip(f"{path} not built (make test builds it with clang)")
    return path


@pytest.mark.parametrize("target", sorted(SMOKE_RUNS))
def test_smoke(target):
    runs = SMOKE_RUNS[target]
    with tempfile.TemporaryDirectory(prefix="fuzz-smoke-") as scratch:
        proc = subprocess.run(
            [program(target), f"-runs={runs}", "-seed=1", "-timeout=10", "-rss_limit_mb=2048",
             f"-artifact_prefix={scratch}/", scratch, os.path.join(FUZZ, "corpus", target)],
            capture_output=True, text=True, errors="replace", timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert f"Done {runs} runs" in proc.stderr, proc.stderr[-2000:]


def reproducers():
    folder = os.path.join(FUZZ, "regressions")
    return [(t, os.path.join(folder, t, n)) for t in sorted(os.listdir(folder))
            for n in sorted(os.listdir(os.path.join(folder, t)))]


@pytest.mark.parametrize("target,path", reproducers(),
                         ids=[f"{t}/{os.path.basename(p)}" for t, p in reproducers()])
def test_reproducer_stays_fixed(target, path):
    proc = subprocess.run([program(target), "-timeout=10", path], capture_output=True,
                          text=True, errors="replace", timeout=120)
    assert proc.returncode == 0, proc.stderr[-4000:]


def test_committed_seeds_are_the_builders():
    for needed in ("ncpserv/ncpserv", "host/ncpclient", "smbserv/smbserv", "host/smbclient"):
        if not os.access(os.path.join(BUILD, needed), os.X_OK):
            pytest.skip(f"{needed} not built")
    proc = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tools", "fuzzseeds.py"),
                           "--build", BUILD, "--check", os.path.join(FUZZ, "corpus")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
