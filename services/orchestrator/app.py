"""The orchestrator's Litestar application: commands over HTTP, the process behind them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

from services.orchestrator.http.auth import SECURITY_SCHEME
from services.orchestrator.http.bodies import BodyRequest, body_types
from services.orchestrator.http.body_rules import BODY_RULES
from services.orchestrator.http.check_routes import ConversationRoutes, GateRoutes
from services.orchestrator.http.errors import EXCEPTION_HANDLERS
from services.orchestrator.http.permission_routes import PermissionRoutes
from services.orchestrator.http.routes import (
    ProjectRoutes,
    SessionRoutes,
    WorktreeRoutes,
    check_token,
    health,
)
from services.orchestrator.process import Orchestrator
from shared.config.settings import Settings
from shared.config.version import package_version
from shared.contract.enums import ModelMode
from shared.web.body_facts import add_rules, restore_constraints
from shared.web.closed_objects import close_objects

BODY_OVERHEAD = 64 * 1024
"""Room for a command's other fields and JSON escaping, beyond the prompt itself."""


def browser_origins(settings: Settings) -> list[str]:
    """Origins whose pages may send commands: the read service (which serves the UI) under
    both loopback names, and any configured extra origins."""
    parts = urlsplit(settings.read_base_url)
    origins = {f"{parts.scheme}://{parts.netloc}"}
    if parts.hostname in ("127.0.0.1", "localhost"):
        port = f":{parts.port}" if parts.port else ""
        origins |= {f"{parts.scheme}://127.0.0.1{port}", f"{parts.scheme}://localhost{port}"}
    return sorted(origins | set(settings.ui_origins))


def create_app(
    settings: Settings,
    *,
    database_url: str | None = None,
    model_mode: ModelMode | None = None,
) -> Litestar:
    """The orchestrator app; its process parts start with the app and stop with it."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        orchestrator = Orchestrator(settings, database_url=database_url, model_mode=model_mode)
        await orchestrator.start()
        app.state.update(
            orchestrator=orchestrator,
            token=orchestrator.token,
            commands=orchestrator.commands,
            worker=orchestrator.worker,
            queue=orchestrator.queue,
        )
        try:
            yield
        finally:
            await orchestrator.stop()

    app = Litestar(
        route_handlers=[
            health,
            check_token,
            ProjectRoutes,
            SessionRoutes,
            WorktreeRoutes,
            GateRoutes,
            ConversationRoutes,
            PermissionRoutes,
        ],
        lifespan=[lifespan],
        exception_handlers=EXCEPTION_HANDLERS,
        request_class=BodyRequest,
        cors_config=CORSConfig(
            allow_origins=browser_origins(settings),
            allow_methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
        ),
        request_max_body_size=6 * settings.max_prompt_bytes + BODY_OVERHEAD,
        openapi_config=OpenAPIConfig(
            title="Pilothouse orchestrator",
            version=package_version(),
            path="/schema",
            components=Components(
                security_schemes={SECURITY_SCHEME: SecurityScheme(type="http", scheme="bearer")}
            ),
        ),
        # Logging is the process's (python -m services.orchestrator sets it up).
        logging_config=None,
    )
    # Built now, once: every command body refuses unknown fields, and the document says so,
    # with the bounds and rules Litestar leaves out (shared/web/body_facts.py).
    bodies = body_types(app)
    close_objects(app.openapi_schema, bodies)
    restore_constraints(app.openapi_schema, bodies)
    add_rules(app.openapi_schema, BODY_RULES)
    return app
