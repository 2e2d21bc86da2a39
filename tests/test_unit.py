"""test_unit.py - runs every cmocka program in build/unit (tests/unit/*.c,
built by make from the kernel's own sources)."""
import glob
import os
import subprocess

import irplab

PROGRAMS = sorted(p for p in glob.glob(os.path.join(irplab.BUILD, "unit", "test_*"))
                  if os.access(p, os.X_OK) and not p.endswith(".d"))


def test_unit_programs_were_built():
    assert PROGRAMS, "no cmocka programs in build/unit: run the tests through make test"


def pytest_generate_tests(metafunc):
    if "program" in metafunc.fixturenames:
        metafunc.parametrize("program", PROGRAMS, ids=[os.path.basename(p) for p in PROGRAMS])


def test_cmocka(program):
    proc = subprocess.run([program], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        irplab.save_failure("unit-" + os.path.basename(program), proc.stdout + proc.stderr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASSED" in proc.stdout + proc.stderr
