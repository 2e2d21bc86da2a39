"""test_console.py - the COM1 console, driven through QEMU's serial port as a
person (or a script) would: each command's answer, and no input - unknown
words, over-long lines, control codes, binary noise - that silences it."""
import random

from irplab import EXIT_PASS

PROMPT = "irplab> "


def console(qemu, data):
    return qemu("console=interactive", stdin=data)


def test_commands_answer(qemu):
    run = console(qemu, b"help\nmem\npool\npci\nexit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    out = run.output
    for name in ["help", "mem", "pool", "pci", "exit"]:
        assert f"  {name} " in out
    assert "KiB usable" in out and "KiB free" in out
    assert "Tag   Allocs    Frees" in out
    assert out.count("pci 00:01.0 8086:7000 isa bridge") == 2  # at boot and on request
    assert "console: exit" in out


def test_bad_input_is_explained_and_survived(qemu):
    long_line = b"x" * 300
    run = console(qemu, b"frobnicate now\n" + long_line + b"\n" + b"he\x01lp\r\n" +
                  b"\r\n   \n" + b"mem\n" + b"exit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    out = run.output
    assert "console: unknown command 'frobnicate' (type help)" in out
    assert "console: line too long (at most 127 characters); ignored" in out
    assert "console: the line held control or non-text bytes; ignored" in out
    assert "KiB usable" in out  # mem still works after all that
    assert "*** STOP" not in out


def test_binary_noise_then_commands(qemu):
    rng = random.Random(150047)
    noise = bytes(rng.randrange(256) for _ in range(8192))
    run = console(qemu, noise + b"\nhelp\nexit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output[-2000:]}"
    tail = run.output[run.output.rfind("help"):]
    assert "list the commands" in tail and "console: exit" in tail


def test_backspace_edits_the_line(qemu):
    run = console(qemu, b"mex\x7fm\nexit\n")
    assert run.status == EXIT_PASS
    assert "KiB usable" in run.output
