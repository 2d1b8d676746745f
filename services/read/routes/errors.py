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
from shared.web.error_handlers import (
    error_response,
    http_error,
    unexpected_error,
    validation_problems,
)

log = logging.getLogger(__name__)


def bad_parameter(name: str, message: str, source: str = "query") -> ValidationException:
    """A 400 for one query (or path) parameter, shaped like Litestar's own validation errors."""
    return ValidationException(
        detail=message, extra=[{"message": message, "key": name, "source": source}]
    )


def _validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[ErrorBody]:
    named, problems = validation_problems(exc, quote=True)
    detail = "bad parameter " + "; ".join(named) if named else exc.detail
    return error_response(400, detail, problems)


def _database_down(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    log.warning("%s %s: database unavailable: %s", request.method, request.url.path, exc)
    return error_response(503, "database unavailable; try again shortly")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    ValidationException: _validation,
    HTTPException: http_error,
    PoolTimeout: _database_down,
    psycopg.OperationalError: _database_down,
    Exception: unexpected_error("read service"),
}
