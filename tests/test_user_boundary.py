"""test_user_boundary.py - processes reach the kernel only through the
native API, and see only include/.

tools/userboundary.sh reads `nm -u` of every object built from user/ (the
processes' code, ntdll included) and accepts only Nt*/Rtl* calls, newlib's
C library and user/'s own symbols. No file of user/ or tests/user may
include a kernel or driver header: the processes are compiled without
kernel/ on their include path, and this checks the paths they name.
"""
import os
import re
import subprocess

from irplab import BUILD, ROOT

PRIVATE = re.compile(r'^\s*#\s*include\s+"(kernel|drivers|boot|ke|mm|io|ob|ps|ex|lpc|hal|rtl|'
                     r'trace)/', re.M)


def test_user_objects_use_only_the_native_api():
    libc = os.path.join(BUILD, "newlib", "install", "i686-elf", "lib", "libc.a")
    run = subprocess.run([os.path.join(ROOT, "tools", "userboundary.sh"),
                          os.path.join(BUILD, "uobj"), libc],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_user_sources_include_no_kernel_header():
    bad = []
    for top in ("user", os.path.join("tests", "user")):
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                path = os.path.join(folder, name)
                if name.endswith((".c", ".h")) and PRIVATE.search(open(path).read()):
                    bad.append(os.path.relpath(path, ROOT))
    assert not bad, bad
