"""jobs.py - `make lava`: the regression matrix as LAVA jobs.

Writes into OUT (build/lava):
  kernel.elf            the kernel every job deploys
  images/NAME           the process images (build/images), every job
                        deploys them all
  ncpserv.tar           ncpserv, smbserv and their volumes (fixtures/), of
                        the same build
  jobs/ROW.yaml         one job per row of tests/matrix.py
  jobs/suites-NIC.yaml  one job per network card (none, pci, isa) running
                        every row of that card, each in its own namespace
  irplab-qemu-01.yaml   the device dictionary lava/irplab-qemu-01.jinja2,
                        rendered (for lava-run) with this tree's wrapper

A job deploys to tmpfs the kernel, every process image (the kernel starts
its processes from them: each boot gets the modules make test's boot gets)
and, for a row with a card, the bundle; boots them with method qemu on an
irplab-qemu device (lava/irplab-qemu.jinja2); records every case with a
monitor and ends with the wrapper's verdict line (qemu/ktapwatch.py): a
failed, missing or bugchecked case fails the job with a TestError, never
with an error LAVA would lay on the lab.
"""
import argparse
import math
import os
import shutil
import subprocess
import sys
import tarfile

import jinja2
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import matrix  # noqa: E402

# The monitor's start: the KTAP header, or a STOP screen that came before it.
START = r"KTAP version 1|(?=\*\*\* STOP: )"
# Its end: the suite's summary line, or the STOP screen's last line.
END = r"(?<![^\n])(?:# [\w-]+: \d+ of \d+ failed|\*\*\* End of STOP report)\r"
# A case: an "ok"/"not ok" line; a STOP screen, named after the bugcheck; or,
# for a fault suite, its "# expect STOP" line followed by that very STOP
# (code and name), which passes. Lines end in \r\r\n on the serial line.
# (LAVA reads QEMU's console 2000 characters at a time and searches the last
# 4000 it holds, so a case line, or an expect line 300 characters before
# its STOP, is never past the window when the pattern is tried.)
CASE = (r"(?<![^\n])(?P<result>ok|not ok|# expect STOP|\*\*\* STOP)"
        r"(?: \d+ "
        r"| (0x[0-9A-F]{8}) (\w+)\r*\n.*?\*\*\* STOP: \2 \([^)]*\)\r*\n(?=\3\r)"
        r"|: 0x[0-9A-F]{8} \([^)]*\)\r*\n)"
        r"(?P<test_case_id>[^\s#]+)[ \r]")
RESULTS = {"ok": "pass", "not ok": "fail", "# expect STOP": "pass", "*** STOP": "fail"}
# The wrapper's verdict line, and what each kind of failure tells LAVA.
VERDICT_PASS = "irplab: verdict pass"
VERDICT_FAILURES = {
    "unexpected STOP": "the kernel bugchecked, and not with the STOP its suite expected",
    "no end line": "the kernel ended the run before its end line",
    "failed case": "a case of the suite failed",
    "missing case": "a case of the KTAP plan was not reported",
}


def seconds(n):
    return {"seconds": n}


def commit():
    git = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True)
    return git.stdout.strip() if git.returncode == 0 else "unknown"


# Labels a process image cannot have: the job's own, and those LAVA's qemu
# boot reads for itself or leaves out of its substitutions.
RESERVED_LABELS = {"kernel", "ncpserv", "file", "type", "offset", "available_loops", "uefi",
                   "nfsrootfs"}


def programs_in(build):
    """The process images of BUILD (its images/ folder), by file name."""
    names = sorted(os.listdir(os.path.join(build, "images")))
    clash = RESERVED_LABELS.intersection(names)
    if clash:
        raise SystemExit(f"lava: a process image cannot be named {', '.join(sorted(clash))}")
    return names


def images(row, url, programs):
    """The deploy's images: the kernel, every process image and, for a row
    with a card, the servers' bundle (smbserv started too for a row that
    has it). The kernel's image_arg is the whole boot entry, as run.sh
    gives it: -kernel, -initrd with one module per process image, -append.
    LAVA's qemu boot replaces {LABEL} in every image_arg by that image's
    downloaded path, but only for an image that has an image_arg: a process
    image's is empty, which adds nothing to the command (LAVA logs "Missing
    image arg" for it). The path ends in the URL's file name, which is the
    name the kernel finds the image by."""
    modules = ",".join(f"{{{name}}}" for name in programs)
    boot = "-kernel {kernel}" + (f" -initrd {modules}" if programs else "")
    deployed = {"kernel": {"url": f"{url}/kernel.elf",
                           "image_arg": f'{boot} -append "console=batch {row.args}"'}}
    for name in programs:
        deployed[name] = {"url": f"{url}/images/{name}", "image_arg": ""}
    if row.nic == "none":
        return deployed
    settings = f"NIC={row.nic} MAC={matrix.MACS[row.nic]} NCPSERV={{ncpserv}}"
    settings += f' NCPSERV_ARGS="{" ".join(("--deterministic",) + row.ncpserv)}"'
    if row.smbserv is not None:
        settings += f' SMBSERV=on SMBSERV_ARGS="{" ".join(("--deterministic",) + row.smbserv)}"'
    deployed["ncpserv"] = {"url": f"{url}/ncpserv.tar", "archive": "tar", "image_arg": settings}
    return deployed


def row_actions(row, url, programs, docker, namespace=None):
    """deploy, boot, the monitor and the verdict for one row. The monitor
    waits for each console line as long as the boot action's time-out."""
    boot = {"method": "qemu", "media": "tmpfs", "timeout": seconds(row.timeout)}
    if docker:
        boot["docker"] = {"image": docker, "local": True, "binary": "irplab-qemu"}
    monitor = {"timeout": seconds(row.timeout),
               "monitors": [{"name": row.id, "start": START, "end": END, "pattern": CASE,
                             "fixupdict": RESULTS}]}
    failures = [{"message": f"irplab: verdict fail: {kind}", "exception": "TestError",
                 "error": error} for kind, error in VERDICT_FAILURES.items()]
    verdict = {"timeout": seconds(60),
               "interactive": [{"name": "verdict", "prompts": [VERDICT_PASS],
                                "script": [{"command": None, "failures": failures}]}]}
    deploy = {"to": "tmpfs", "timeout": seconds(120), "images": images(row, url, programs)}
    actions = [{"deploy": deploy},
               {"boot": boot}, {"test": monitor}, {"test": verdict}]
    if namespace:
        for action in actions:
            next(iter(action.values()))["namespace"] = namespace
    return actions


def job(name, rows, url, programs, docker, revision):
    minutes = math.ceil(sum(row.timeout + 120 for row in rows) / 60)
    actions = []
    for row in rows:
        actions += row_actions(row, url, programs, docker, row.id if len(rows) > 1 else None)
    return {"job_name": f"irplab {name} ({revision})", "device_type": "irplab-qemu",
            "visibility": "public", "priority": "medium",
            "timeouts": {"job": {"minutes": minutes}},
            "context": {"arch": "i386"},
            "metadata": {"irplab.commit": revision, "irplab.jobs": name},
            "actions": actions}


def all_jobs(url, programs, docker=None, revision="unknown"):
    """{file name: job}: one per row, one per network card."""
    jobs = {f"{row.id}.yaml": job(row.id, [row], url, programs, docker, revision)
            for row in matrix.ROWS}
    for nic in ("none", "pci", "isa"):
        rows = [row for row in matrix.ROWS if row.nic == nic]
        jobs[f"suites-{nic}.yaml"] = job(f"suites-{nic}", rows, url, programs, docker, revision)
    return jobs


def render_device(templates, wrapper=None):
    """The device dictionary as lava-run takes it; WRAPPER replaces the path
    a lab's worker has the wrapper at."""
    loader = jinja2.FileSystemLoader([os.path.join(ROOT, "lava"), templates])
    env = jinja2.Environment(loader=loader, trim_blocks=True, autoescape=False)
    context = {"irplab_qemu": wrapper} if wrapper else {}
    return env.get_template("irplab-qemu-01.jinja2").render(context)


def copy_system(build, out, programs):
    """The kernel and the process images of BUILD into OUT, those of an
    older build gone."""
    shutil.copyfile(os.path.join(build, "kernel.elf"), os.path.join(out, "kernel.elf"))
    shutil.rmtree(os.path.join(out, "images"), ignore_errors=True)
    os.makedirs(os.path.join(out, "images"))
    for name in programs:
        shutil.copyfile(os.path.join(build, "images", name), os.path.join(out, "images", name))


def write_bundle(build, path):
    with tarfile.open(path, "w") as tar:
        tar.add(os.path.join(build, "ncpserv", "ncpserv"), "ncpserv")
        tar.add(os.path.join(build, "smbserv", "smbserv"), "smbserv")
        tar.add(os.path.join(ROOT, "qemu", "ncpserv", "fixtures"), "fixtures")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True,
                        help="the build folder (kernel.elf, images/, ncpserv, smbserv)")
    parser.add_argument("--templates", required=True, help="LAVA's base device-type templates")
    parser.add_argument("--url", help="where the lab finds OUT (default: file:// of OUT)")
    parser.add_argument("--docker", help="a docker image with the wrapper, for every boot")
    options = parser.parse_args()
    out = os.path.join(os.path.abspath(options.build), "lava")
    os.makedirs(os.path.join(out, "jobs"), exist_ok=True)
    for old in os.listdir(os.path.join(out, "jobs")):
        os.remove(os.path.join(out, "jobs", old))
    programs = programs_in(options.build)
    copy_system(options.build, out, programs)
    write_bundle(options.build, os.path.join(out, "ncpserv.tar"))
    with open(os.path.join(out, "irplab-qemu-01.yaml"), "w") as f:
        f.write(render_device(options.templates, os.path.join(ROOT, "qemu", "irplab-qemu")))
    jobs = all_jobs(options.url or f"file://{out}", programs, options.docker, commit())
    for name, definition in jobs.items():
        with open(os.path.join(out, "jobs", name), "w") as f:
            yaml.safe_dump(definition, f, sort_keys=False, width=1000)
    print(f"lava: {len(jobs)} jobs in {os.path.join(out, 'jobs')}")


if __name__ == "__main__":
    main()
