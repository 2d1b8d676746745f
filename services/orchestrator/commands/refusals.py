"""Refused commands and how every error becomes an `ErrorBody` (never a bare 500 for bad input)."""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from shared.contract.wire import ErrorBody

log = logging.getLogger(__name__)


class CommandRefused(Exception):
    """A command that cannot be carried out as asked; nothing has been written."""

    status_code = 400

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field

    @property
    def extra(self) -> list[dict[str, str]] | None:
        if self.field is None:
            return None
        return [{"key": self.field, "message": self.detail, "source": "body"}]


class BadRequest(CommandRefused):
    """Input that is well-formed but unacceptable; the detail names the field."""

    status_code = 400

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(f"invalid {field}: {detail}" if field else detail, field=field)


class NotFound(CommandRefused):
    status_code = 404


class Conflict(CommandRefused):
    """A valid command the entity's current state does not allow (cancel a finished session)."""

    status_code = 409


class TooLarge(CommandRefused):
    status_code = 413


def _body(status_code: int, detail: str, extra: Any = None) -> Response[ErrorBody]:
    return Response(
        ErrorBody(status_code=status_code, detail=detail, extra=extra),
        status_code=status_code,
        media_type=MediaType.JSON,
    )


def refused(_: Request[Any, Any, Any], exc: CommandRefused) -> Response[ErrorBody]:
    return _body(exc.status_code, exc.detail, exc.extra)


def invalid(_: Request[Any, Any, Any], exc: ValidationException) -> Response[ErrorBody]:
    """400 whose detail names the offending fields, e.g. `invalid prompt: Expected str`."""
    problems = exc.extra if isinstance(exc.extra, list) else []
    named = [
        f"{item.get('key') or 'body'}: {item.get('message')}"
        for item in problems
        if isinstance(item, dict)
    ]
    detail = "invalid " + "; ".join(named) if named else exc.detail
    return _body(400, detail, problems or None)


def http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[ErrorBody]:
    headers = exc.headers or {}
    response = _body(exc.status_code, exc.detail, exc.extra)
    response.headers.update(headers)
    return response


def unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    log.exception("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
    return _body(HTTP_500_INTERNAL_SERVER_ERROR, "internal error; see the orchestrator log")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    CommandRefused: refused,
    ValidationException: invalid,
    HTTPException: http_error,
    Exception: unexpected,
}
