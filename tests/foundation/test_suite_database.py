"""The suite's database resolver falls back to the embedded PostgreSQL where it can.

The engine here is a stand-in on 127.0.0.1: it answers the Docker API's ping and
version, as a real engine with no route to a registry does, and refuses everything
else (creating a container, pulling an image) with the error such an engine gives.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest

from shared.config.settings import settings_from_env
from tests.support.database_server import resolve_test_server

REFUSAL = "Get https://registry-1.docker.io/v2/: dial tcp: lookup registry: no such host"


class _Engine(BaseHTTPRequestHandler):
    """Answers /_ping and /version like Docker 20.10; refuses the rest like an engine that
    cannot pull."""

    refused: list[str] = []

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Api-Version", "1.41")
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?")[0]
        if path.endswith("/_ping"):
            self._answer(200, b"OK", "text/plain")
        elif path.endswith("/version"):
            version = {"ApiVersion": "1.41", "MinAPIVersion": "1.12", "Version": "20.10.24"}
            self._answer(200, json.dumps(version).encode(), "application/json")
        else:
            type(self).refused.append(f"{self.command} {path}")
            self._answer(500, json.dumps({"message": REFUSAL}).encode(), "application/json")

    do_GET = do_POST = do_DELETE = do_HEAD = _handle

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads `refused` instead."""


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """DOCKER_HOST points at the stand-in engine; yields the requests it refused."""
    _Engine.refused = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Engine)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("DOCKER_HOST", f"tcp://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1")
    try:
        yield _Engine.refused
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_an_engine_that_cannot_start_a_container_falls_back_to_embedded(
    engine: list[str], tmp_path: Path
) -> None:
    settings = settings_from_env({"PILOTHOUSE_DATA_DIR": str(tmp_path)})
    said: list[str] = []
    with resolve_test_server(settings, say=said.append) as resolved:
        assert resolved.source == "embedded"
        with psycopg.connect(resolved.url, connect_timeout=10) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    assert not (tmp_path / "test-postgres" / "postmaster.pid").exists(), "still running"
    assert engine, "the resolver never asked the engine for a container"
    assert len(said) == 1, said
    assert "could not start PostgreSQL" in said[0]
    assert "no such host" in said[0]
    assert "embedded" in said[0]
