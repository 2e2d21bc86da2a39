"""test_console.py - the COM1 console, driven through QEMU's serial port as a
person (or a script) would: each command's answer, and no input - unknown
words, over-long lines, control codes, binary noise - that silences it.
On a terminal (`make run`), Ctrl-C at the prompt and Ctrl-A X end the run
quietly with status 0, while a triple fault is still reported."""
import os
import pty
import random
import select
import signal
import time

from irplab import BUILD, EXIT_PASS, KERNEL, ROOT

PROMPT = "irplab> "


def console(qemu, data):
    return qemu("console=interactive", stdin=data)


def test_commands_answer(qemu):
    run = console(qemu, b"help\nmem\npool\npci\nps\nexit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    out = run.output
    for name in ["help", "mem", "pool", "pci", "ps", "exit"]:
        assert f"  {name} " in out
    assert "KiB usable" in out and "KiB free" in out
    assert "Tag   Allocs    Frees" in out
    assert out.count("pci 00:01.0 8086:7000 isa bridge") == 2  # at boot and on request
    assert "console: exit" in out


def test_ps_shows_each_process_image(qemu):
    run = console(qemu, b"ps\nexit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    rows = {}
    for line in run.output.splitlines():
        fields = line.split()
        if len(fields) >= 7 and fields[0].isdigit():
            rows[fields[1]] = fields
    assert "PID   IMAGE            BASE        THREADS  HANDLES  PAGES  USER" in run.output
    assert rows["System"][2] == "-" and rows["System"][6] == "SYSTEM"
    # CSRSS, started at boot: its image's base, its pages (at least its image's)
    assert rows["csrss"][2] == "0x40400000" and int(rows["csrss"][5]) > 4


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
    # Every byte but Ctrl-C (0x03), the user's interrupt, which ends the run.
    noise = bytes(rng.choice([b for b in range(256) if b != 3]) for _ in range(8192))
    run = console(qemu, noise + b"\nhelp\nexit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output[-2000:]}"
    tail = run.output[run.output.rfind("help"):]
    assert "list the commands" in tail and "console: exit" in tail


def test_backspace_edits_the_line(qemu):
    run = console(qemu, b"mex\x7fm\nexit\n")
    assert run.status == EXIT_PASS
    assert "KiB usable" in run.output


def on_a_terminal(kernel, keys=b"", wait_for=PROMPT, timeout=30):
    """Runs `qemu/run.sh run KERNEL` on a pseudo-terminal, as `make run` does
    for a person: once WAIT_FOR shows, types KEYS. Returns (exit status,
    everything the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(os.path.join(ROOT, "qemu", "run.sh"),
                 ["run.sh", "run", kernel, "NIC=none"])
    shown, typed = b"", False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:          # the terminal's last process ended
                    break
                if not chunk:
                    break
                shown += chunk
            if not typed and wait_for.encode() in shown:
                os.write(fd, keys)
                typed = True
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("latin-1")


def test_backspace_on_an_empty_line_then_a_command(qemu):
    run = console(qemu, b"\x7f\x08mem\nexit\n")
    assert run.status == EXIT_PASS
    assert "KiB usable" in run.output
    assert "non-text" not in run.output


def test_ctrl_c_at_the_prompt_ends_quietly_with_status_0():
    status, shown = on_a_terminal(KERNEL, b"\x03")
    assert status == 0, shown
    assert "console: interrupted (Ctrl-C), ending the run" in shown
    assert "irplab:" not in shown.split("ending the run")[-1], shown


def test_ctrl_a_x_leaves_qemu_quietly_with_status_0():
    status, shown = on_a_terminal(KERNEL, b"\x01x")
    assert status == 0, shown
    assert "QEMU: Terminated" in shown
    assert "triple fault" not in shown


def test_a_triple_fault_is_still_reported():
    status, shown = on_a_terminal(os.path.join(BUILD, "host", "triplefault.elf"),
                                  wait_for="never shown", timeout=20)
    assert status == 1, shown
    assert "irplab: QEMU stopped without a verdict (a triple fault?)" in shown
