"""The suite's guard against tests that can never run: a skip over ../shared while it is there fails."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import pytest

def test_over_shared_that_skips():
    pytest.skip("../shared/real is not beside the project")

@pytest.mark.skipif(True, reason="../shared is not beside the project")
def test_marked_over_shared():
    pass

def test_skips_for_another_reason():
    pytest.skip("Chromium is not installed")

def test_runs():
    pass
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini("[pytest]\nshared_dir = shared\n")
    pytester.makepyfile(test_suite=SUITE)
    return pytester


def test_a_skip_over_shared_fails_while_shared_is_there(suite):
    (suite.path / "shared").mkdir()
    result = suite.runpytest("-p", "shared_skips")
    # a skip in the set-up (a skipif mark, a fixture) fails as an error, one in the test as a failure
    result.assert_outcomes(failed=1, errors=1, skipped=1, passed=1)
    result.stdout.fnmatch_lines(["*a test over ../shared skipped although * is there, so it can never run*"])


def test_the_same_skips_pass_without_shared(suite):
    result = suite.runpytest("-p", "shared_skips")
    result.assert_outcomes(skipped=3, passed=1)
