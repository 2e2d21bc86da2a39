"""test_user_boundary.py - user/ calls the kernel only through the native API.

tools/userboundary.sh reads `nm -u` of every object built from user/ and
accepts only Nt*/Rtl* calls, newlib's C library and user/'s own symbols.
"""
import os
import subprocess

from irplab import BUILD, ROOT


def test_user_objects_use_only_the_native_api():
    libc = os.path.join(BUILD, "newlib", "install", "i686-elf", "lib", "libc.a")
    run = subprocess.run([os.path.join(ROOT, "tools", "userboundary.sh"),
                          os.path.join(BUILD, "obj"), libc],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
