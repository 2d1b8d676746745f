"""Under CI a skipped browser test fails the run; elsewhere it stays a skip."""

from __future__ import annotations

import pytest

SUITE = """
import pytest

@pytest.mark.e2e
def test_browser():
    pytest.skip("no Chromium here")

@pytest.fixture
def chromium():
    pytest.skip("no Chromium here")

@pytest.mark.e2e
def test_browser_with_fixture(chromium):
    pass

def test_other():
    pytest.skip("not a browser test")
"""


def _run(pytester: pytest.Pytester) -> pytest.RunResult:
    pytester.makeini(
        "[pytest]\nasyncio_default_fixture_loop_scope = function\n"
        "markers =\n    e2e: a browser test\n"
    )
    pytester.makepyfile(SUITE)
    return pytester.runpytest("-p", "tests.support.ci_skips", "-p", "no:cacheprovider")


def test_under_ci_a_skipped_browser_test_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    result = _run(pytester)
    result.assert_outcomes(failed=1, errors=1, skipped=1)
    result.stdout.fnmatch_lines(["*a browser test may not skip under CI*no Chromium here*"])


def test_elsewhere_it_skips(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    _run(pytester).assert_outcomes(skipped=3)
