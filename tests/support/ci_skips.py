"""A pytest plugin: under CI a browser test that skips is a failure.

CI (`CI=true`, as .ci/run sets it) installs what the browser tests need, so a skip there
means they silently did not run; on a developer's machine they still skip, saying why.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

MARKER = "e2e"
"""The browser tests' marker (and `make dev`'s, which drives the whole product)."""


def under_ci() -> bool:
    """True when the CI environment variable says so."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Turn the skip of a browser test into a failure under CI, keeping its reason."""
    report = yield
    if report.skipped and under_ci() and item.get_closest_marker(MARKER) is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"a browser test may not skip under CI (CI=true): {reason}"
    return report
