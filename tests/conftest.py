"""Fixtures every kind of test shares: a real PostgreSQL server and fresh databases.

The server comes from the suite's resolver (tests/support/database_server.py:
DATABASE_URL, else testcontainers, else the embedded wheel). Migrations run once into a
template database; each test that asks for `database` gets its own copy of it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shared.config.settings import Settings, get_settings
from shared.db.database import dbname_of, reader_url
from tests.support.database_server import resolve_test_server
from tests.support.databases import TestDatabase, scratch_database

pytest_plugins = ["tests.support.ci_skips", "pytester"]


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
