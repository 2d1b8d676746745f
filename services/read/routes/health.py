"""`GET /api/health` and `GET /api/config`."""

from __future__ import annotations

import psycopg
from litestar import get
from psycopg_pool import PoolTimeout

from services.read.routes.dependencies import Read, ReadService
from services.read.routes.reconnecting import reconnecting
from shared.config.version import package_version
from shared.contract.read_views import FeedStatus, Health, UiConfig
from shared.web.error_responses import error_responses


@reconnecting
async def _ping(*, read: ReadService) -> None:
    async with read.pool.connection(timeout=2.0) as conn:
        await conn.execute("SELECT 1")


@get("/api/health", responses=error_responses(403))
async def health(read: Read) -> Health:
    """Whether the database answers and the feed listens, and the feed's position."""
    try:
        await _ping(read=read)
        database = "ok"
    except (psycopg.Error, PoolTimeout):
        database = "unavailable"
    position = read.hub.position
    feed = FeedStatus(token=position.token if position else None, listening=read.tailer.listening)
    status = "ok" if database == "ok" and feed.listening else "degraded"
    return Health(status=status, database=database, feed=feed)


@get("/api/config", responses=error_responses(403))
async def config(read: Read) -> UiConfig:
    """What the web UI needs to know: where to send commands."""
    return UiConfig(orchestrator_url=read.settings.orchestrator_base_url, version=package_version())
