"""test_driver_irql.py - drivers raise IRQL through the kernel's calls, never
with the processor's interrupt flag.

A driver that shares state with its interrupt routine raises to DEVICE_LEVEL
(KeRaiseIrql) or takes its spin lock (KeAcquireSpinLock); waiting for an
interrupt is HalWaitForInterrupt. The kernel (boot/, kernel/hal, kernel/ke
and the few places that must) may touch the flag; drivers/ and the test
drivers may not: no cli/sti/pushf/popf/hlt in their inline assembly, no
_disable/_enable/__halt/KiReadEFlags/EFLAGS_IF, and no boot/i386.h, which
holds those.
"""
import os
import re

from irplab import ROOT

FOLDERS = ("drivers", os.path.join("tests", "guest", "drivers"))
RAW_FLAGS = re.compile(r"\b(_disable|_enable|__halt|KiReadEFlags|KiWriteEFlags|EFLAGS_IF)\b"
                       r"|\b(cli|sti|pushf[lw]?|popf[lw]?|hlt)\b\s*[;\"\\]"
                       r'|#\s*include\s+"boot/i386\.h"')
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def driver_sources():
    for top in FOLDERS:
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            for name in sorted(files):
                if name.endswith((".c", ".h", ".S")):
                    yield os.path.join(folder, name)


def raw_flag_uses(text):
    return [m.group(0) for m in RAW_FLAGS.finditer(COMMENT.sub("", text))]


def test_the_pattern_finds_what_it_is_for():
    assert raw_flag_uses('_disable(); x = 1; _enable();') == ["_disable", "_enable"]
    assert raw_flag_uses('__asm__ volatile("cli" ::: "memory");') == ['cli"']
    assert raw_flag_uses('__asm__("pushfl; popl %0" : "=r"(v));') == ["pushfl;"]
    assert raw_flag_uses('#include "boot/i386.h"\n') == ['#include "boot/i386.h"']
    assert raw_flag_uses("/* with interrupts off: no cli here */ int client;") == []


def test_no_driver_touches_the_interrupt_flag():
    bad = {}
    for path in driver_sources():
        uses = raw_flag_uses(open(path).read())
        if uses:
            bad[os.path.relpath(path, ROOT)] = uses
    assert not bad, bad
