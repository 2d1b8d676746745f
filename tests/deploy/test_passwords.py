"""Passwords with any character reach libpq intact; none is pasted into a URL.

A real run of compose.yaml with `POSTGRES_PASSWORD=$(openssl rand -base64 24)` never
started: the password was interpolated into `DATABASE_URL`, where `/ + = @ #` change
what the URL means. The owner's password now travels on its own
(PILOTHOUSE_DATABASE_PASSWORD) and is added to the connection string by
shared.db.database.with_password, quoted as libpq needs. `make compose-check` logs in
with such passwords for real (scram-sha-256).
"""

from __future__ import annotations

import re

import pytest
from psycopg import conninfo

from shared.config.settings import settings_from_env
from shared.db.database import reader_url, resolve_database, with_password
from tests.support.compose_files import COMPOSE_FILE

HOSTILE = [
    "Zm9v/YmFy+cXV4=@#",  # openssl rand -base64, plus the two that end a URL's userinfo
    "a b'c\\d",  # libpq key=value quoting: space, quote, backslash
    "100%25 ?&x=y:z",  # percent-encoding and query syntax
    "pässwörd€",
    "=",
]


@pytest.mark.parametrize("password", HOSTILE)
@pytest.mark.parametrize(
    "url",
    [
        "postgresql://pilothouse@postgres:5432/pilothouse",
        "postgresql://pilothouse:old@postgres:5432/pilothouse?sslmode=disable",
        "host=postgres port=5432 user=pilothouse dbname=pilothouse",
    ],
)
def test_with_password_keeps_every_character_and_the_rest_of_the_url(
    url: str, password: str
) -> None:
    params = conninfo.conninfo_to_dict(with_password(url, password))
    assert params["password"] == password
    assert params["host"] == "postgres"
    assert params["port"] == "5432"
    assert params["user"] == "pilothouse"
    assert params["dbname"] == "pilothouse"
    if "sslmode" in url:
        assert params["sslmode"] == "disable"


def test_no_password_leaves_the_url_as_it_is() -> None:
    url = "postgresql://pilothouse:kept@postgres/pilothouse"
    assert with_password(url, None) == url


@pytest.mark.parametrize("password", HOSTILE)
def test_services_resolve_the_owner_url_with_the_password_given_apart(password: str) -> None:
    settings = settings_from_env(
        {
            "DATABASE_URL": "postgresql://pilothouse:stale@postgres:5432/pilothouse",
            "PILOTHOUSE_DATABASE_PASSWORD": password,
            "PILOTHOUSE_READ_PASSWORD": password[::-1],
        }
    )
    resolved = resolve_database(settings)
    assert resolved.source == "env"
    owner = conninfo.conninfo_to_dict(resolved.url)
    assert owner["password"] == password  # the setting wins over the URL's
    reader = conninfo.conninfo_to_dict(reader_url(resolved.url, settings))
    assert reader["password"] == password[::-1]
    assert reader["user"] == settings.read_role


def test_compose_pastes_no_password_into_a_url() -> None:
    for number, line in enumerate(COMPOSE_FILE.read_text().splitlines(), 1):
        for url in re.findall(r"\w+://\S+", line):
            variables = re.findall(r"\$\{(\w+)", url)
            secret = [v for v in variables if "PASSWORD" in v or "TOKEN" in v or "KEY" in v]
            assert not secret, f"compose.yaml:{number}: {secret} inside {url}"
