"""Running the read service under uvicorn: `python -m services.read`.

The database comes from shared.db.database (DATABASE_URL, else the embedded one of
`make dev`); the service itself connects only as the read-only role derived from it.
"""

from __future__ import annotations

import logging

import uvicorn
from litestar import Litestar

from services.read.app import create_app
from shared.config.settings import Settings, get_settings
from shared.db.database import reader_url, resolve_database
from shared.web.access_log import quiet_health_checks

WS_PING_INTERVAL = 20.0
WS_PING_TIMEOUT = 20.0
"""Protocol-level pings find dead peers; browsers also get app-level ping/pong frames."""
WS_MAX_SIZE = 64 * 1024
"""Client frames are tiny (shared.contract.frames.MAX_CLIENT_FRAME_BYTES): larger ones get an error
frame, and ones over this are refused at the protocol level (close code 1009) before they
are buffered."""


def server_config(
    app: Litestar, *, host: str, port: int, log_level: str = "info"
) -> uvicorn.Config:
    """How the read service runs under uvicorn (also used by tests and benchmarks)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level.lower(),
        ws_ping_interval=WS_PING_INTERVAL,
        ws_ping_timeout=WS_PING_TIMEOUT,
        ws_max_size=WS_MAX_SIZE,
        # Compressing each frame once per subscriber would cost more CPU than the feed
        # itself; the service is local-first, so bandwidth is not the constraint.
        ws_per_message_deflate=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )


def build_app(settings: Settings) -> Litestar:
    """The app for these settings, on the resolved database's read-only role."""
    resolved = resolve_database(settings)
    return create_app(settings, reader_url=reader_url(resolved.url, settings))


def main() -> None:
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    quiet_health_checks()
    app = build_app(settings)
    config = server_config(
        app, host=settings.read_host, port=settings.read_port, log_level=settings.log_level
    )
    print(
        f"pilothouse: read service on http://{settings.read_host}:{settings.read_port}", flush=True
    )
    uvicorn.Server(config).run()
