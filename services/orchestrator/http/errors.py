"""How the orchestrator answers errors: refused commands with their status, invalid bodies
with a 400 naming the fields, never a bare 500 for bad input."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from services.orchestrator.commands.refusals import CommandRefused
from shared.contract.wire import ErrorBody
from shared.web.error_handlers import (
    error_response,
    http_error,
    unexpected_error,
    validation_problems,
)


def refused(_: Request[Any, Any, Any], exc: CommandRefused) -> Response[ErrorBody]:
    return error_response(exc.status_code, exc.detail, exc.extra)


def invalid(_: Request[Any, Any, Any], exc: ValidationException) -> Response[ErrorBody]:
    """400 whose detail names the offending fields, e.g. `invalid prompt: Expected str`."""
    named, problems = validation_problems(exc)
    detail = "invalid " + "; ".join(named) if named else exc.detail
    return error_response(400, detail, problems or None)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    CommandRefused: refused,
    ValidationException: invalid,
    HTTPException: http_error,
    Exception: unexpected_error("orchestrator"),
}
