"""Who may talk to the read service from a browser.

The service has no login: it trusts the machine (and whoever can reach its address).
Two browser attacks would otherwise reach it from any web page: a cross-site WebSocket
(browsers send no CORS preflight for `/ws`, so a page could stream every agent's log),
and DNS rebinding (a hostile name resolving to the service's address makes its requests
same-origin). The guard refuses every request whose Host is not an allowed name —
loopback names, the host of the configured public address (PILOTHOUSE_READ_URL) and
those of PILOTHOUSE_UI_ORIGINS — however the service is bound (0.0.0.0 in a container
included), and WebSockets opened by pages of another origin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from shared.config.settings import Settings

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def _hostname(host: str) -> str:
    """`host[:port]` or `[v6][:port]` → the name alone."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_websocket(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    return connection.scope["type"] == ScopeType.WEBSOCKET


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """The names a request's Host may carry."""
    configured = [settings.read_base_url, *settings.ui_origins]
    return LOOPBACK_NAMES | {name.lower() for url in configured if (name := urlsplit(url).hostname)}


def browser_guard(settings: Settings) -> Guard:
    """The guard for every route of a service configured by `settings`."""
    names = allowed_hosts(settings)
    origins = frozenset(origin.rstrip("/") for origin in settings.ui_origins)

    # Async, though it never awaits: Litestar runs a sync guard in a worker thread, a
    # thread hop on every request (measured: a sixth of an events page's time).
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        host = connection.headers.get("host", "")
        if _hostname(host).lower() not in names:
            raise PermissionDeniedException(f"unexpected Host header {host[:100]!r}")
        origin = connection.headers.get("origin") or ""
        cross_site = origin and origin not in origins and urlsplit(origin).netloc != host
        if cross_site and _is_websocket(connection):
            raise PermissionDeniedException(f"WebSocket from origin {origin[:100]!r} refused")

    return guard
