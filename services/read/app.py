"""The read service's Litestar app: REST queries, the WebSocket feed and the web UI.

`create_app` builds everything from its arguments (nothing is read at import time): a
query pool and a feed tailer on the read-only role, the hub between them, the routes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig

from services.read.db.pool import check_database, create_pool
from services.read.feed.hub import Hub
from services.read.feed.tailer import FeedTailer, TailerTiming
from services.read.routes import API_ROUTES, web_ui
from services.read.routes.dependencies import FeedLimits, ReadService
from services.read.routes.errors import EXCEPTION_HANDLERS
from services.read.routes.feed_socket import feed_socket
from services.read.routes.guards import browser_guard
from shared.config.settings import Settings
from shared.config.version import package_version
from shared.contract.events import EventView
from shared.web.tagged_unions import name_tagged_unions

WEBUI_DIST = Path(__file__).resolve().parents[2] / "webui" / "dist"


def create_app(
    settings: Settings,
    *,
    reader_url: str,
    limits: FeedLimits | None = None,
    timing: TailerTiming | None = None,
    webui_dir: Path | None = WEBUI_DIST,
) -> Litestar:
    """The read service, connecting only with `reader_url` (the read-only role)."""
    hub = Hub()
    webui = webui_dir if webui_dir is not None and (webui_dir / "index.html").is_file() else None
    read = ReadService(
        settings=settings,
        pool=create_pool(reader_url),
        hub=hub,
        tailer=FeedTailer(reader_url, hub, timing),
        limits=limits or FeedLimits(),
        webui_dir=webui,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await read.pool.open()
        try:
            await check_database(read.pool)
            tailer = asyncio.create_task(read.tailer.run(), name="feed tailer")
            try:
                yield
            finally:
                tailer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await tailer
        finally:
            await read.pool.close()

    def provide_read() -> ReadService:
        return read

    app = Litestar(
        route_handlers=[*API_ROUTES, feed_socket, *([web_ui] if webui else [])],
        dependencies={"read": Provide(provide_read, sync_to_thread=False)},
        lifespan=[lifespan],
        exception_handlers=EXCEPTION_HANDLERS,
        guards=[browser_guard(settings)],
        openapi_config=OpenAPIConfig(
            title="Pilothouse read service", version=package_version(), path="/schema"
        ),
        cors_config=CORSConfig(allow_origins=list(settings.ui_origins), allow_methods=["GET"])
        if settings.ui_origins
        else None,
        state=State({"read": read}),
        # Logging is the process's (server.py configures it), not Litestar's own setup.
        logging_config=None,
    )
    # Built now, once, so that /schema serves EventView as one discriminated component
    # (shared/web/tagged_unions.py says why Litestar alone does not).
    name_tagged_unions(app.openapi_schema, {"EventView": EventView})
    return app
