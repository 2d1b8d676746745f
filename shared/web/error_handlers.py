"""The error answers both services share: every 4xx/5xx is an ErrorBody.

Each service adds what is its own (the orchestrator's refused commands, the read
service's unreachable database) and formats validation problems for its inputs (bodies,
query parameters); the body, HTTP exceptions and the last-resort 500 are written once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException

from shared.contract.wire import ErrorBody

log = logging.getLogger(__name__)

Handler = Callable[[Request[Any, Any, Any], Any], Response[ErrorBody]]


def error_response(status_code: int, detail: str, extra: Any = None) -> Response[ErrorBody]:
    """An ErrorBody answer."""
    return Response(
        ErrorBody(status_code=status_code, detail=detail, extra=extra),
        status_code=status_code,
        media_type=MediaType.JSON,
    )


def http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[ErrorBody]:
    """Litestar's HTTP exceptions (404, 405, 413, ...) as ErrorBody, keeping their headers:
    a 405 must say which methods are allowed (`Allow`), a 401 how to authenticate."""
    extra = exc.extra if isinstance(exc.extra, dict | list) else None
    response = error_response(exc.status_code, exc.detail, extra)
    response.headers.update(exc.headers or {})
    return response


def validation_problems(
    exc: ValidationException, *, quote: bool = False
) -> tuple[list[str], list[Any] | None]:
    """`key: message` for each problem Litestar's validation found (`'key': message` with
    `quote`), and the raw list."""
    problems = exc.extra if isinstance(exc.extra, list) else None
    named = []
    for item in problems or []:
        if isinstance(item, dict):
            key = item.get("key") or "body"
            named.append(
                f"{key!r}: {item.get('message')}" if quote else f"{key}: {item.get('message')}"
            )
    return named, problems


def unexpected_error(service: str) -> Handler:
    """The last resort: log the exception with the request, answer a generic 500 that
    leaks nothing."""

    def unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
        log.exception("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, f"internal error (logged by the {service})")

    return unexpected
