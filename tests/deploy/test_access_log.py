"""The access log of a container: no line per health probe, and on at all.

The health checks of compose.yaml ask `GET /api/health` every 5 s; each answer was an
access-log line (shared/web/access_log.py drops the successful ones). And with the
scripted model running inside the orchestrator, its uvicorn switched the orchestrator's
access log off entirely (`make compose-check` found both).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn

from services.scripted_model.server import ScriptedModelServer
from shared.web.access_log import ACCESS_LOGGER, QuietHealthChecks, quiet_health_checks

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


async def _app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
    """200 for every path, 503 when the query asks for it."""
    if scope["type"] != "http":
        return
    status = 503 if scope["query_string"] == b"fail" else 200
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


@contextmanager
def _server() -> Iterator[str]:
    """The app under uvicorn in a thread, on a socket that listens before it returns."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    config = uvicorn.Config(_app, log_config=None, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])))
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def access_log() -> Iterator[_Lines]:
    """A handler on uvicorn's access logger; the logger's filters and state restored after."""
    logger = logging.getLogger(ACCESS_LOGGER)
    saved = (list(logger.handlers), list(logger.filters), logger.propagate, logger.level)
    lines = _Lines()
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    yield lines
    logger.handlers, logger.filters, logger.propagate = saved[0], saved[1], saved[2]
    logger.setLevel(saved[3])


def test_successful_health_checks_are_not_logged_and_the_rest_is(access_log: _Lines) -> None:
    quiet_health_checks()
    quiet_health_checks()  # once is enough: a second call adds nothing
    assert (
        sum(isinstance(f, QuietHealthChecks) for f in logging.getLogger(ACCESS_LOGGER).filters) == 1
    )
    with _server() as url:
        assert _get(f"{url}/api/health") == 200
        assert _get(f"{url}/api/health?fail") == 503
        assert _get(f"{url}/api/sessions") == 200
    logged = "\n".join(access_log.lines)
    assert '"GET /api/health HTTP/1.1" 200' not in logged
    assert '"GET /api/health?fail HTTP/1.1" 503' in logged
    assert '"GET /api/sessions HTTP/1.1" 200' in logged


def test_the_scripted_model_leaves_the_hosts_access_log_on(access_log: _Lines) -> None:
    model = ScriptedModelServer()
    model.start_in_thread()
    try:
        with _server() as url:
            assert _get(f"{url}/api/projects") == 200
    finally:
        model.stop_thread()
    assert any('"GET /api/projects HTTP/1.1" 200' in line for line in access_log.lines)
