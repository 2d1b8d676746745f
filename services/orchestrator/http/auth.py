"""The bearer-token guard on every command (GET /api/health stays open)."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

from shared.config.bearer_token import token_matches

BEARER = "bearer "
SECURITY_SCHEME = "bearer"
"""Name of the token's security scheme in the OpenAPI document."""
COMMAND_SECURITY: list[dict[str, list[str]]] = [{SECURITY_SCHEME: []}]
"""The security requirement of every guarded route, for the OpenAPI document."""


def presented_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if there is one."""
    header = connection.headers.get("authorization", "")
    if header[: len(BEARER)].lower() != BEARER:
        return None
    return header[len(BEARER) :].strip() or None


def require_token(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Refuse (401) a request without the orchestrator's token; compared in constant time."""
    expected: str = connection.app.state.token
    if not token_matches(expected, presented_token(connection)):
        raise NotAuthorizedException(
            "missing or wrong bearer token (Authorization: Bearer <token>)",
            headers={"WWW-Authenticate": 'Bearer realm="pilothouse"'},
        )
