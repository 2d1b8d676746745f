"""Fixtures every kind of test shares: a real PostgreSQL server and fresh databases.

The server comes from the suite's resolver (tests/support/database_server.py:
DATABASE_URL, else testcontainers, else the embedded wheel). Migrations run once into a
template database; each test that asks for `database` gets its own copy of it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator

import pytest

from shared.config.settings import Settings, get_settings
from shared.db.database import dbname_of, reader_url
from tests.support.database_server import resolve_test_server
from tests.support.databases import TestDatabase, scratch_database

pytest_plugins = ["tests.support.ci_skips", "pytester"]

_OWN_BASETEMP = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Each run's temporary directories in a fresh directory of its own, not under
    /tmp/pytest-of-<user>. Run as root, the embedded PostgreSQL of the tests that start
    one in `tmp_path` runs as the `pgserver` user, which needs to traverse every parent
    directory; the wheel opens them up before starting it. But every pytest that starts
    anywhere on the machine tightens /tmp/pytest-of-<user> back to 0700, so a second
    `make test` running beside this one made those servers fail to start ("could not
    access directory ... Permission denied")."""
    if config.option.basetemp is None:
        config.option.basetemp = tempfile.mkdtemp(prefix="pilothouse-pytest-")
        config.stash[_OWN_BASETEMP] = config.option.basetemp


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the run's own temporary directory when it passed; keep it to look at after
    a failure (its path is in the failures' tracebacks)."""
    own = session.config.stash.get(_OWN_BASETEMP, None)
    if own is not None and exitstatus == 0:
        shutil.rmtree(own, ignore_errors=True)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def pg_server(settings: Settings, pytestconfig: pytest.Config) -> Iterator[str]:
    """Connection string of a PostgreSQL server tests may create databases on."""
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    # Output capture would hide a fallback's reason; the terminal reporter shows it.
    say = reporter.write_line if reporter else print
    with resolve_test_server(settings, say=say) as resolved:
        yield resolved.url


@pytest.fixture(scope="session")
def template_db(pg_server: str) -> Iterator[str]:
    """Name of a database migrated to head, copied for each test."""
    with scratch_database(pg_server, "ph_tpl", migrate=True) as url:
        yield dbname_of(url)


@pytest.fixture
def empty_db(pg_server: str) -> Iterator[str]:
    """Owner URL of a brand-new empty database (no migrations)."""
    with scratch_database(pg_server, "ph_empty") as url:
        yield url


@pytest.fixture
def database(pg_server: str, template_db: str, settings: Settings) -> Iterator[TestDatabase]:
    """A fresh migrated database for one test."""
    with scratch_database(pg_server, "ph_t", template=template_db) as url:
        yield TestDatabase(name=dbname_of(url), url=url, reader_url=reader_url(url, settings))
