"""Who may talk to the read service from a browser.

The service has no login: on a loopback address it trusts the machine. Two browser
attacks would otherwise reach it from any web page: a cross-site WebSocket (browsers
send no CORS preflight for `/ws`, so a page could stream every agent's log), and DNS
rebinding (a hostile name resolving to 127.0.0.1 makes its requests same-origin). The
guard refuses WebSockets opened by pages of another origin and, when bound to loopback,
requests whose Host is not a loopback name.
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


def browser_guard(settings: Settings) -> Guard:
    """The guard for every route of a service configured by `settings`."""
    loopback_only = settings.read_host in LOOPBACK_NAMES
    names = LOOPBACK_NAMES | {urlsplit(settings.read_base_url).hostname or ""}
    origins = frozenset(origin.rstrip("/") for origin in settings.ui_origins)

    # Async, though it never awaits: Litestar runs a sync guard in a worker thread, a
    # thread hop on every request (measured: a sixth of an events page's time).
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        host = connection.headers.get("host", "")
        if loopback_only and _hostname(host) not in names:
            raise PermissionDeniedException(f"unexpected Host header {host[:100]!r}")
        origin = connection.headers.get("origin") or ""
        cross_site = origin and origin not in origins and urlsplit(origin).netloc != host
        if cross_site and _is_websocket(connection):
            raise PermissionDeniedException(f"WebSocket from origin {origin[:100]!r} refused")

    return guard
