"""Every error the read service answers is an ErrorBody, and none leaks internals.

Litestar's validation errors become a 400 whose detail names the parameter; a database
that cannot be reached is a 503; anything unexpected is logged and answered 500 with
a generic message.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap
from psycopg_pool import PoolTimeout

from shared.contract.wire import ErrorBody

log = logging.getLogger(__name__)


def bad_parameter(name: str, message: str) -> ValidationException:
    """A 400 for one query parameter, shaped like Litestar's own validation errors."""
    return ValidationException(
        detail=message, extra=[{"message": message, "key": name, "source": "query"}]
    )


def _body(status_code: int, detail: str, extra: Any = None) -> Response[ErrorBody]:
    return Response(
        ErrorBody(status_code=status_code, detail=detail, extra=extra), status_code=status_code
    )


def _validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[ErrorBody]:
    extra = exc.extra if isinstance(exc.extra, list) else None
    problems = [
        f"{item['key']!r}: {item['message']}"
        for item in extra or []
        if isinstance(item, dict) and "key" in item
    ]
    detail = "bad parameter " + "; ".join(problems) if problems else exc.detail
    return _body(400, detail, exc.extra)


def _http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[ErrorBody]:
    extra = exc.extra if isinstance(exc.extra, dict | list) else None
    response = _body(exc.status_code, exc.detail, extra)
    # Keep the exception's headers: a 405 must say which methods are allowed (`Allow`).
    response.headers.update(exc.headers or {})
    return response


def _database_down(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    log.warning("%s %s: database unavailable: %s", request.method, request.url.path, exc)
    return _body(503, "database unavailable; try again shortly")


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _body(500, "internal error (logged by the read service)")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    ValidationException: _validation,
    HTTPException: _http,
    PoolTimeout: _database_down,
    psycopg.OperationalError: _database_down,
    Exception: _unexpected,
}
