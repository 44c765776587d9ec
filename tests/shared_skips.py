"""A pytest plugin: a test over ``../shared`` that skips while ``../shared`` is there fails instead.

Tests over the real PDFs skip only where the shared folder is absent (a bare clone). A skip that says
"../shared … is not beside the project" while it is, is a test that can never run: a wrong file name
in a glob, a renamed PDF. This plugin turns such a skip into a failure that names the reason, so the
suite cannot go green on tests that did not run.

The shared folder is ``../shared`` beside the rootdir, or the ini option ``shared_dir`` (relative to
the rootdir). Registered by ``tests/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# What a skip over the shared folder says (every such skip in the suite names it).
MARK = "../shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("shared_dir", "the shared folder tests over ../shared read (relative to the rootdir)",
                  default="../shared")


def shared_dir(config: pytest.Config) -> Path:
    return (config.rootpath / config.getini("shared_dir")).resolve()


def skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    report = yield
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = skip_reason(report)
        where = shared_dir(item.config)
        if MARK in reason and where.is_dir():
            report.outcome = "failed"
            report.longrepr = (
                f"a test over {MARK} skipped although {where} is there, so it can never run: {reason}"
            )
    return report
