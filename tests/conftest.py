"""conftest.py - pytest wiring: every QEMU run a test makes is recorded, and
when the test fails its transcripts are saved under build/test-results/."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import irplab  # noqa: E402


@pytest.fixture
def qemu(request):
    """boot(...) that remembers its runs for the failure report."""
    runs = []

    def boot(*args, **kwargs):
        run = irplab.boot(*args, **kwargs)
        runs.append(run)
        return run

    yield boot
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        text = "".join(f"=== boot args: {r.args}\n=== status: {r.status} ({r.verdict})\n"
                       f"{r.output}\n" for r in runs)
        irplab.save_failure(request.node.nodeid, text)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def pytest_configure(config):
    config.addinivalue_line("markers", "ncpserv_options(*args): the options a test's ncpserv "
                                       "starts with (test_ncpserv_hostile.py)")
    config.addinivalue_line("markers", "smbserv_options(*args): the options a test's smbserv "
                                       "starts with (test_smbserv_hostile.py)")
