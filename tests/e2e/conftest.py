"""Fixtures of the browser tests: the real stack once per run, Chromium, a page per test.

Skipped with a clear reason where Debian's Chromium or the built UI is missing.
"""

from __future__ import annotations

import importlib.util
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.support.git_repos import make_repo
from tests.support.stack import Stack, running_stack
from tests.support.ui import opened_page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def chromium() -> Path:
    for service in ("services.read.server", "services.orchestrator.app"):
        if importlib.util.find_spec(service) is None:
            pytest.skip(f"browser tests need both services; {service} is not in this checkout")
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's Chromium at /usr/bin/chromium (apt install chromium)"
        )
    if not (REPO / "webui" / "dist" / "index.html").exists():
        pytest.skip("browser tests need the built UI: run `make webui` (make test does)")
    return CHROMIUM


@pytest.fixture(scope="session")
def stack(
    chromium: Path, pg_server: str, template_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """Both services on a scratch database, started once for all browser tests."""
    with running_stack(pg_server, template_db, tmp_path_factory.mktemp("e2e")) as running:
        yield running


# Package scope, not session: Playwright's sync API keeps an event loop running in this
# thread while it is open, which would break the asyncio tests collected after tests/e2e.
@pytest.fixture(scope="package")
def playwright_instance(chromium: Path) -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright, chromium: Path) -> Iterator[Browser]:
    launched = playwright_instance.chromium.launch(
        executable_path=str(chromium), args=CHROMIUM_ARGS
    )
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A fresh browser context holding the access token, as after opening `make dev`'s address."""
    with opened_page(browser, stack) as opened:
        yield opened


@pytest.fixture
def project_dir(stack: Stack) -> Path:
    """A small git repository (one commit) under the allowed roots, to register."""
    return make_repo(
        stack.projects_root / f"repo-{secrets.token_hex(3)}", {"README.md": "# demo project\n"}
    )
