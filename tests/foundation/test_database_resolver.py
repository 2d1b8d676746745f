"""The resolver: DATABASE_URL wins; without it an embedded server starts and is reused."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from shared.config.settings import settings_from_env
from shared.db.database import dbname_of, reader_url, resolve_database, stop_embedded, with_dbname


def test_database_url_wins(tmp_path: Path) -> None:
    settings = settings_from_env(
        {"DATABASE_URL": "postgresql://x@127.0.0.1:1/y", "PILOTHOUSE_DATA_DIR": str(tmp_path)}
    )
    resolved = resolve_database(settings)
    assert (resolved.source, resolved.url) == ("env", "postgresql://x@127.0.0.1:1/y")
    assert not (tmp_path / "postgres").exists()


def test_reader_url_swaps_only_the_role() -> None:
    settings = settings_from_env({"PILOTHOUSE_READ_PASSWORD": "s3cret"})
    url = reader_url("postgresql://owner:pw@db.example:6543/app?sslmode=disable", settings)
    assert "user=pilothouse_reader" in url
    assert "password=s3cret" in url
    for part in ("host=db.example", "port=6543", "dbname=app"):
        assert part in url
    assert dbname_of(with_dbname(url, "other")) == "other"


@pytest.mark.slow
def test_embedded_server_starts_is_reused_and_stops(tmp_path: Path) -> None:
    settings = settings_from_env({"PILOTHOUSE_DATA_DIR": str(tmp_path)})
    first = resolve_database(settings)
    assert first.source == "embedded"
    assert dbname_of(first.url) == "pilothouse"
    with psycopg.connect(first.url, autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (v int)")
        conn.execute("INSERT INTO kept VALUES (42)")
    again = resolve_database(settings)  # second call: same server, same data
    with psycopg.connect(again.url) as conn:
        assert conn.execute("SELECT v FROM kept").fetchone() == (42,)
    assert stop_embedded(tmp_path / "postgres")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(first.url, connect_timeout=2)
    assert not stop_embedded(tmp_path / "postgres")
