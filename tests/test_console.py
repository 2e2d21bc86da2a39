"""test_console.py - the console, which is the shell (user/shell: a process
reading \\Device\\Console through IRPs), driven through QEMU's serial port
as a person (or a script) would: the `C:\\>` prompt, each command's answer,
and no input - unknown words, over-long lines, control codes, binary
noise - that silences it. When the shell ends the run ends, with the leak
audit on its last line: no IRP and no handle more than before it started.
On a terminal (`make run`), Ctrl-C at the prompt and Ctrl-A X end the run
quietly with status 0, while a triple fault is still reported. With a
network card and ncpserv beside QEMU, the shell's file commands work on a
NetWare drive (X: through NWRDR)."""
import os
import pty
import re
import random
import select
import signal
import subprocess
import time

import pytest

from irplab import BUILD, EXIT_PASS, KERNEL, ROOT

PROMPT = "C:\\>"
NCPSERV = os.path.join(BUILD, "ncpserv", "ncpserv")
END = re.compile(r"^shell: ended with status 0x00000000; IRPs alive (\d+) \((\d+) before\), "
                 r"handles open (\d+) \((\d+) before\)$", re.M)


def console(qemu, data, extra=None, timeout=60):
    return qemu("console=interactive", stdin=data, extra=extra, timeout=timeout)


def assert_no_leak(run):
    """The shell's end line: as many IRPs alive and handles open as before it."""
    m = END.search(run.output)
    assert m, run.output[-2000:]
    assert m.group(1) == m.group(2) and m.group(3) == m.group(4), m.group(0)


def test_commands_answer(qemu):
    run = console(qemu, b"help\nmem\npool\npci\nps\nexit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    out = run.output
    for name in ["help", "dir", "type", "copy", "del", "drives", "ps", "irps", "handles",
                 "pool", "mem", "pci", "exit"]:
        assert f"  {name} " in out
    assert "KiB usable" in out and "KiB free" in out
    assert "Tag   Allocs    Frees" in out
    assert out.count("pci 00:01.0 8086:7000 isa bridge") == 2  # at boot and on request
    assert out.count(PROMPT) == 6
    assert "shell: exit" in out
    assert_no_leak(run)


def test_irps_handles_and_drives(qemu):
    run = console(qemu, b"irps\nhandles\ndrives\nexit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    out = run.output
    assert "IRP     MAJOR                     DEVICE" in out
    assert "0 IRPs alive" in out            # the shell's own read completed: it is running
    rows = re.findall(r"^(\d+)\s+0x([0-9a-f]{8})\s+0x[0-9a-f]{8}\s+(\S+)\s+(\S+)$", out, re.M)
    names = {(pid, kind, name) for pid, _, kind, name in rows}
    assert ("2", "Port", "\\Windows\\ApiPort") in names    # CSRSS serves its API port
    shell = [r for r in rows if r[0] == "3"]
    assert ("File", "\\Device\\Console") in {(k, n) for _, _, k, n in shell}
    assert re.search(r"^(\d+) handles open$", out, re.M)
    assert "DRIVE  TABLE          OWNER  REFS  MAP  LINK" in out
    assert "drive map 0x00000000; 0 orphaned" in out
    assert_no_leak(run)


def test_images_run_by_name_and_unknown_words(qemu):
    run = console(qemu, b"frobnicate now\nutest\nUTEST exit 3\ndir\ntype\ncopy a\ndel Q:\\NONE\n"
                        b"exit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    out = run.output
    assert ("'frobnicate' is not recognized as an internal or external command, operable "
            "program or batch file.") in out
    assert "shell: 'UTEST' ended with status 0x00000003" in out
    assert "The system cannot find the path specified." in out      # dir of C:\ (none)
    assert out.count("The syntax of the command is incorrect.") == 2
    assert_no_leak(run)


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
    assert "'frobnicate' is not recognized as an internal or external command" in out
    assert "shell: line too long (at most 127 characters); ignored" in out
    assert "shell: the line held control or non-text bytes; ignored" in out
    assert "KiB usable" in out  # mem still works after all that
    assert "*** STOP" not in out


def test_binary_noise_then_commands(qemu):
    rng = random.Random(150047)
    # Every byte but Ctrl-C (0x03), the user's interrupt, which ends the run.
    noise = bytes(rng.choice([b for b in range(256) if b != 3]) for _ in range(8192))
    run = console(qemu, noise + b"\nhelp\nexit\n")
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output[-2000:]}"
    tail = run.output[run.output.rfind("help"):]
    assert "list the commands" in tail and "shell: exit" in tail
    assert_no_leak(run)


def test_backspace_edits_the_line(qemu):
    run = console(qemu, b"mex\x7fm\nexit\n")
    assert run.status == EXIT_PASS
    assert "KiB usable" in run.output


def converse(steps, timeout=60):
    """Boots the shell and types each step's keys once its text has shown
    after the previous step's (all input at once would sit in the console's
    ring for whoever reads first). Returns (exit status, everything COM1
    showed)."""
    proc = subprocess.Popen([os.path.join(ROOT, "qemu", "run.sh"), "test", KERNEL,
                             "ARGS=console=interactive"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    shown, mark, deadline = b"", 0, time.monotonic() + timeout
    try:
        for wait_for, keys in steps + [(None, None)]:
            while time.monotonic() < deadline and (wait_for is None or
                                                   wait_for.encode() not in shown[mark:]):
                ready, _, _ = select.select([proc.stdout], [], [], 0.2)
                chunk = os.read(proc.stdout.fileno(), 4096) if ready else b""
                if ready and not chunk:
                    break
                shown += chunk
            if wait_for is not None and wait_for.encode() in shown[mark:]:
                mark = shown.index(wait_for.encode(), mark) + len(wait_for)
            if keys is not None:
                proc.stdin.write(keys)
                proc.stdin.flush()
        status = proc.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        status = None
    return status, shown.decode("latin-1").replace("\r\n", "\n")


def test_a_read_left_waiting_is_cancelled_when_its_process_ends():
    """utest consoleread pends a console read, finds it in the IRPs alive
    (pending, cancelable), and ends: its end cancels the read, and the
    shell then reads what is typed next."""
    status, out = converse([(PROMPT, b"utest consoleread\n"), ("cancelable", None),
                            (PROMPT, b"irps\n"), ("IRPs alive", b"exit\n")])
    assert status == EXIT_PASS, out
    assert re.search(r"^# utest: console read \d+ pending at \\Device\\Console, cancelable$", out,
                     re.M), out
    assert "shell: 'utest' ended" not in out
    assert "0 IRPs alive" in out
    m = END.search(out)
    assert m and m.group(1) == m.group(2) and m.group(3) == m.group(4), out


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
    assert "shell: interrupted (Ctrl-C), ending the run" in shown
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


@pytest.mark.skipif(not os.access(NCPSERV, os.X_OK), reason="ncpserv not built: run through make test")
def test_file_commands_on_a_netware_drive(qemu):
    """NIC=pci with ncpserv beside QEMU (run.sh starts it). NWRDR's
    connections are per process, so dir, type, copy and del run in the
    process that connects X: - shnet, run by name from the shell, linked
    from the shell's own user/shell/shfiles.c. Back at the prompt X: is
    gone with shnet's connection: `dir X:\\` says so in one line. Then the
    shell's own `net use` connects X: in the shell's process, where `dir`
    works, and `net use X: /delete` ends it."""
    run = console(qemu, b"shnet X: \\\\NWSERVER\\SYS SUPERVISOR SECRET\ndir X:\\\ndrives\n"
                        b"net use X: \\\\NWSERVER\\SYS SECRET /user:SUPERVISOR\ndir X:\\\n"
                        b"net use X: /delete\nexit\n", extra=["NIC=pci"], timeout=120)
    assert run.status == EXIT_PASS, f"{run.verdict}\n{run.output}"
    out = run.output
    with open(os.path.join(ROOT, "qemu", "ncpserv", "fixtures", "SYS", "PUBLIC", "README.TXT"), "rb") as f:
        readme = f.read().decode("latin-1")
    listing = out[out.index("# shnet: dir X:\\"):out.index("# shnet: type")]
    assert re.search(r"^PUBLIC\s+<DIR>$", listing, re.M), listing
    typed = out[out.index("# shnet: type X:\\PUBLIC\\README.TXT"):]
    assert readme in typed
    assert "        1 file(s) copied." in out
    assert out.count(readme) == 2                           # the file and its copy
    tail = out[out.index("# shnet: del X:\\PUBLIC\\SHCOPY.TXT"):]
    assert tail.count("The system cannot find the file specified.") == 2   # del again, NOSUCH
    assert re.search(r"^X:\s+in use\s+\d+\s+1\s+yes\s+\\Device\\NwRdr\\;X:\\NWSERVER\\SYS$", out, re.M)
    assert "# shnet: disconnected X:: error 0" in out
    assert "shell: 'shnet' ended" not in out
    after = out[out.index("C:\\>dir X:\\"):out.index("C:\\>net use X:")]
    assert "The system cannot find the path specified." in after
    assert "drive map 0x00000000; 0 orphaned" in after
    # net is the shell's own: the connection it makes is the shell's, and lasts
    own = out[out.index("C:\\>net use X:"):]
    assert own.count("The command completed successfully.") == 2, own
    assert re.search(r"^PUBLIC\s+<DIR>$", own, re.M), own
    assert "*** STOP" not in out
    assert_no_leak(run)
