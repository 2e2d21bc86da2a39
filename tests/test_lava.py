"""test_lava.py - the regression matrix on a LAVA lab, checked with lava-run.

make test makes build/lava first (`make lava`: lava/jobs.py), so that here:
- every job written - one per row of tests/matrix.py, one per network card,
  and the same with a docker image - passes LAVA's strict job schema, and
  deploys every process image and boots with them as QEMU's modules, as
  run.sh gives them to make test's boots;
- the device dictionary, rendered from lava/irplab-qemu.jinja2 over LAVA's
  base template, passes LAVA's device schema and gives QEMU exactly the
  machine options qemu/run.sh gives it, through irplab's wrapper, no KVM;
- lava-run (lava-dispatcher's runner: one job, no server) runs a plain
  suite, processes in ring 3 (test=user), the NCP session with ncpserv on
  each card, the ISA card's jobs together, and a fault suite, each case's
  result the one make test's boot of the same row reads; and jobs that
  must fail do, with a TestError, never an error laid on the lab: a
  "not ok" case (an NCP job without its card), an unexpected bugcheck (too
  little memory), a case lost on the serial line (QEMU behind a
  line-dropping filter);
- a job that names a docker image runs the wrapper as the container's
  command (a docker client that runs it on this host stands in for the
  engine); lava/Dockerfile is checked line by line, and built where an
  engine answers;
- the wrapper stops ncpserv and removes its folder when LAVA hangs up on
  a run that has not ended.
lava-run runs as root only: elsewhere those tests are skipped.
"""
import itertools
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

import pytest
import yaml

import irplab
import matrix
import test_ncp
from irplab import BUILD, ROOT

sys.path.insert(0, os.path.join(ROOT, "lava"))
import jobs  # noqa: E402

LAVA = os.path.join(BUILD, "lava")
DEVICE = os.path.join(LAVA, "irplab-qemu-01.yaml")
WRAPPER = os.path.join(ROOT, "qemu", "irplab-qemu")
PROGRAMS = jobs.programs_in(BUILD)
JOB_IDS = itertools.count(1)

needs_lava_run = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("lava-run"),
    reason="lava-run runs as root only, with lava-dispatcher installed (make test installs it)")


def generated_jobs():
    with os.scandir(os.path.join(LAVA, "jobs")) as entries:
        return {e.name: yaml.safe_load(open(e.path)) for e in entries}


def test_every_row_has_a_job_and_each_card_a_job_of_its_rows():
    written = generated_jobs()
    names = {f"{row.id}.yaml" for row in matrix.ROWS}
    assert len(names) == len(matrix.ROWS), "two rows with one id"
    assert set(written) == names | {"suites-none.yaml", "suites-pci.yaml", "suites-isa.yaml"}
    for nic in ("none", "pci", "isa"):
        monitors = [a["test"]["monitors"][0]["name"] for a in written[f"suites-{nic}.yaml"]["actions"]
                    if "monitors" in a.get("test", {})]
        assert monitors == [row.id for row in matrix.ROWS if row.nic == nic]


@pytest.mark.parametrize("docker", [None, "irplab-qemu"], ids=["worker", "docker"])
def test_jobs_pass_the_strict_job_schema(docker):
    from lava_common.schemas import validate
    definitions = (generated_jobs() if docker is None
                   else jobs.all_jobs("https://lab.example/irplab", PROGRAMS, docker)).items()
    for name, definition in definitions:
        validate(definition, strict=True)


def run_sh_argv(tmp_path):
    """The QEMU command line run.sh's test mode gives, less QEMU itself."""
    fake = tmp_path / "qemu-system-i386"
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$ARGV_FILE"\n')
    fake.chmod(0o755)
    env = dict(os.environ, PATH=f"{tmp_path}:{os.environ['PATH']}",
               ARGV_FILE=str(tmp_path / "argv"))
    subprocess.run([os.path.join(ROOT, "qemu", "run.sh"), "test", irplab.KERNEL, "ARGS=test=pool"],
                   env=env, check=True, timeout=30)
    return (tmp_path / "argv").read_text().splitlines()


def run_sh_machine_options(tmp_path):
    """run.sh's options less what a job deploys: -kernel, -initrd (the
    process images) and -append."""
    argv = run_sh_argv(tmp_path)
    for option in ("-kernel", "-initrd", "-append"):
        i = argv.index(option)
        del argv[i:i + 2]
    return argv


def lava_boot_argv(deploy):
    """The QEMU options a deploy's images give, as LAVA's qemu boot puts
    them together: {LABEL} in every image_arg is the path of the image that
    has that label and an image_arg (downloaded to a folder named after the
    label, under the URL's file name); an empty image_arg adds nothing."""
    from lava_dispatcher.utils.strings import substitute
    paths = {f"{{{label}}}": f"/lava/{label}/{os.path.basename(image['url'])}"
             for label, image in deploy["images"].items() if "image_arg" in image}
    args = [image["image_arg"] for image in deploy["images"].values() if image.get("image_arg")]
    return shlex.split(" ".join(substitute(args, paths)))


def modules(argv):
    """The file names of -initrd's modules."""
    return [os.path.basename(path) for path in argv[argv.index("-initrd") + 1].split(",")]


def test_every_job_boots_with_the_modules_make_test_gives(tmp_path):
    expected = modules(run_sh_argv(tmp_path))
    assert expected == PROGRAMS and "utest" in expected
    for name, definition in generated_jobs().items():
        for action in definition["actions"]:
            if "deploy" in action:
                assert modules(lava_boot_argv(action["deploy"])) == expected, name


def test_device_has_run_sh_machine_options_and_the_wrapper(tmp_path):
    from lava_common.schemas.device import validate
    device = yaml.safe_load(open(DEVICE))
    validate(device)
    qemu = device["actions"]["boot"]["methods"]["qemu"]["parameters"]
    assert qemu["command"] == WRAPPER
    assert " ".join(qemu["options"]).split() == run_sh_machine_options(tmp_path)
    assert "-enable-kvm" not in qemu["options"] and device["available_architectures"] == ["i386"]


def test_lab_device_runs_the_installed_wrapper():
    text = jobs.render_device(os.path.join(BUILD, "lava-server", "device-types"))
    assert yaml.safe_load(text)["actions"]["boot"]["methods"]["qemu"]["parameters"]["command"] \
        == "/usr/local/bin/irplab-qemu"


DOCKERFILE_INSTRUCTIONS = {"FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "WORKDIR", "ENTRYPOINT",
                           "CMD", "LABEL", "USER", "EXPOSE", "VOLUME", "SHELL"}


def dockerfile_instructions():
    """[(instruction, arguments)], continuation lines joined, comments dropped."""
    text = open(os.path.join(ROOT, "lava", "Dockerfile")).read()
    logical = re.sub(r"\\\n", " ", "\n".join(l for l in text.splitlines()
                                             if not l.lstrip().startswith("#")))
    return [tuple(line.split(None, 1)) for line in logical.splitlines() if line.strip()]


def test_dockerfile_is_sound():
    instructions = dockerfile_instructions()
    assert instructions[0][0] == "FROM", instructions[0]
    for word, args in instructions:
        assert word in DOCKERFILE_INSTRUCTIONS and args.strip(), (word, args)
        if word == "COPY":
            *sources, target = args.split()
            assert target.endswith("/") and all(os.path.exists(os.path.join(ROOT, s))
                                                for s in sources), args
    copied = " ".join(args for word, args in instructions if word == "COPY")
    for needed in ("qemu/run.sh", "qemu/ktapwatch.py", "qemu/irplab-qemu"):
        assert needed in copied


def docker_engine():
    return shutil.which("docker") and subprocess.run(
        ["docker", "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not docker_engine(), reason="no Docker engine answers on this machine")
def test_dockerfile_builds_and_runs_the_wrapper():
    subprocess.run(["docker", "build", "-q", "-f", "lava/Dockerfile", "-t", "irplab-qemu-test", "."],
                   cwd=ROOT, check=True, timeout=900)
    version = subprocess.run(["docker", "run", "--rm", "irplab-qemu-test", "irplab-qemu",
                              "--version"], capture_output=True, text=True, timeout=60)
    assert "QEMU emulator version" in version.stdout, version.stderr


class LavaRun:
    """One lava-run: its results, as the log's result lines give them."""

    def __init__(self, tmp_path, definition, env=None):
        job = tmp_path / "job.yaml"
        job.write_text(yaml.safe_dump(definition, sort_keys=False, width=1000))
        job_id = f"irplab-{os.getpid()}-{next(JOB_IDS)}"
        proc = subprocess.run(["lava-run", "--job-id", job_id, "--output-dir", str(tmp_path / "out"),
                               "--device", DEVICE, str(job)], capture_output=True, text=True,
                              env=env, timeout=definition["timeouts"]["job"]["minutes"] * 60)
        self.log = proc.stderr
        self.results = [yaml.safe_load(line)["msg"] for line in proc.stderr.splitlines()
                        if '"lvl": "results"' in line]
        self.job = next((r for r in self.results if r["definition"] == "lava" and r["case"] == "job"),
                        {"result": f"lava-run ended with status {proc.returncode} and no job result"})

    def cases(self, row):
        return {r["case"]: r["result"] for r in self.results if r["definition"] == row.id}

    def verdicts(self):
        return [r["result"] for r in self.results
                if r["definition"] == "lava" and r["case"].endswith("_verdict")]


def make_test_cases(run, row):
    """{case: result} as make test reads a boot: the KTAP lines, and a STOP
    screen under its lower-case name, passing only as the row's fault."""
    cases = {name: "pass" if ok else "fail" for ok, _, name in run.ktap()}
    stop = run.stop()
    if stop:
        cases[stop.name.lower()] = "pass" if row.stop == (stop.code, stop.name) else "fail"
    return cases


def make_test_boot(qemu, tmp_path, row, qemu_extra=None):
    """The row booted the way make test boots it."""
    if row.nic == "none":
        return qemu(row.args, timeout=row.timeout, qemu_extra=qemu_extra)
    run, _, _ = test_ncp.boot(qemu, tmp_path, row.nic, row.args, options=row.ncpserv)
    return run


def lava_job(row, docker=None):
    return jobs.job(row.id, [row], f"file://{LAVA}", PROGRAMS, docker, "test")


def keep_log(request, lava):
    irplab.save_failure(request.node.nodeid + ".lava", lava.log)


POOL = next(row for row in matrix.PLAIN if row.suite == "pool")
USER = next(row for row in matrix.PLAIN if row.suite == "user")
PAGEFAULT = next(row for row in matrix.FAULTS if row.suite == "pagefault")
PASSING = [POOL, USER, *matrix.NCP, PAGEFAULT]


@needs_lava_run
@pytest.mark.parametrize("row", PASSING, ids=matrix.ids(PASSING))
def test_job_records_the_cases_make_test_reads(qemu, tmp_path, row, request):
    lava = LavaRun(tmp_path, lava_job(row))
    try:
        expected = make_test_cases(make_test_boot(qemu, tmp_path, row), row)
        assert lava.cases(row) == expected and "fail" not in expected.values()
        assert lava.verdicts() == ["pass"] and lava.job["result"] == "pass"
    except AssertionError:
        keep_log(request, lava)
        raise


@needs_lava_run
def test_job_per_card_runs_each_row_in_its_namespace(tmp_path, request):
    rows = [row for row in matrix.ROWS if row.nic == "isa"]
    lava = LavaRun(tmp_path, jobs.job("suites-isa", rows, f"file://{LAVA}", PROGRAMS, None, "test"))
    try:
        for row in rows:
            assert lava.cases(row) and set(lava.cases(row).values()) == {"pass"}, row.id
        assert lava.verdicts() == ["pass"] * len(rows) and lava.job["result"] == "pass"
    except AssertionError:
        keep_log(request, lava)
        raise


def assert_test_error(lava, kind):
    assert lava.verdicts() == ["fail"]
    assert (lava.job["result"], lava.job["error_type"]) == ("fail", "Test")
    assert lava.job["error_msg"] == jobs.VERDICT_FAILURES[kind]
    assert f"irplab: verdict fail: {kind}: " in lava.log


@needs_lava_run
def test_not_ok_case_fails_the_job(qemu, tmp_path, request):
    row = matrix.Row("test=ncp")            # the NCP session, but no card and no server
    lava = LavaRun(tmp_path, lava_job(row))
    try:
        expected = make_test_cases(make_test_boot(qemu, tmp_path, row), row)
        assert lava.cases(row) == expected and expected["ncp_session"] == "fail"
        assert_test_error(lava, "failed case")
    except AssertionError:
        keep_log(request, lava)
        raise


@needs_lava_run
def test_unexpected_bugcheck_is_a_failed_case_named_after_it(qemu, tmp_path, request):
    row = POOL
    definition = lava_job(row)
    definition["actions"][0]["deploy"]["images"]["kernel"]["image_arg"] += " -m 2"
    lava = LavaRun(tmp_path, definition)
    try:
        expected = make_test_cases(make_test_boot(qemu, tmp_path, row, qemu_extra="-m 2"), row)
        assert lava.cases(row) == expected == {"install_more_memory": "fail"}
        assert_test_error(lava, "unexpected STOP")
    except AssertionError:
        keep_log(request, lava)
        raise


@needs_lava_run
def test_case_lost_on_the_serial_line_fails_the_job(tmp_path, request):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "qemu-system-i386").write_text(
        "#!/bin/bash\n# QEMU behind a serial line that loses the line 'ok 3 ...'\n"
        f'{shutil.which("qemu-system-i386")} "$@" | sed -u "/^ok 3 /d"\n'
        "exit ${PIPESTATUS[0]}\n")
    (shim / "qemu-system-i386").chmod(0o755)
    row = POOL
    lava = LavaRun(tmp_path, lava_job(row), env=dict(os.environ, PATH=f"{shim}:{os.environ['PATH']}"))
    try:
        assert lava.cases(row) == {"counts_per_tag": "pass", "blocks_are_distinct": "pass",
                                   "refuses_impossible_size": "pass", "leak_audit": "pass"}
        assert_test_error(lava, "missing case")
        assert "missing: 3" in lava.log
    except AssertionError:
        keep_log(request, lava)
        raise


@needs_lava_run
def test_job_with_a_docker_image_runs_the_wrapper_in_it(tmp_path, request):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "docker").write_text(
        "#!/bin/sh\n# a docker client whose containers run on this host, as the image's\n"
        "# /usr/local/bin/irplab-qemu would\n"
        'case "$1" in\n'
        "    image|inspect) echo amd64 ;;\n"
        '    run) shift; while [ "${1#--}" != "$1" ]; do shift; done; shift\n'
        f'         if [ "$1" = irplab-qemu ]; then shift; exec {WRAPPER} "$@"; fi; exec "$@" ;;\n'
        "    *) exit 1 ;;\n"
        "esac\n")
    (bin_dir / "docker").chmod(0o755)
    row = POOL
    lava = LavaRun(tmp_path, lava_job(row, docker="irplab-qemu"),
                   env=dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}"))
    try:
        assert re.search(r"Boot command: docker run .* irplab-qemu irplab-qemu -M pc ", lava.log)
        assert set(lava.cases(row).values()) == {"pass"} and lava.job["result"] == "pass"
    except AssertionError:
        keep_log(request, lava)
        raise


def test_hang_up_stops_qemu_and_ncpserv(tmp_path):
    """LAVA ends a job by hanging up on the device's command: QEMU (halted
    here with -S, so it never ends by itself) and ncpserv must go, and
    ncpserv's folder with them."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    subprocess.run(["tar", "-xf", os.path.join(LAVA, "ncpserv.tar"), "-C", str(bundle)], check=True)
    device = yaml.safe_load(open(DEVICE))["actions"]["boot"]["methods"]["qemu"]["parameters"]
    work = tmp_path / "tmp"
    work.mkdir()
    proc = subprocess.Popen([WRAPPER, *" ".join(device["options"]).split(), "-kernel", irplab.KERNEL,
                             "-append", "console=batch test=ncp", "-S", "NIC=pci",
                             f"NCPSERV={bundle}"],
                            stdout=subprocess.DEVNULL, env=dict(os.environ, TMPDIR=str(work)),
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while not any(work.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(work.iterdir()), "ncpserv did not start"
        time.sleep(0.5)
        proc.send_signal(signal.SIGHUP)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while process_group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not process_group_alive(proc.pid), "QEMU or ncpserv outlived the hang-up"
        assert not any(work.iterdir()), "ncpserv's folder is left behind"
    finally:
        if process_group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)


def process_group_alive(pgid):
    """Whether a process of group PGID still runs (a zombie has ended)."""
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False
