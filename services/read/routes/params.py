"""Query parameters several routes share, parsed into what the queries take."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated

import msgspec
from litestar.params import QueryParameter

from services.read.routes.errors import bad_parameter
from shared.contract.cursor import CURSOR_PATTERN, BadToken, Cursor, LegacyToken, parse_token

EventLimit = Annotated[int, QueryParameter(ge=1, le=1000, description="Events per page (1-1000).")]
SessionLimit = Annotated[
    int, QueryParameter(ge=1, le=200, description="Sessions per page (1-200).")
]
Token = Annotated[
    str | None,
    QueryParameter(
        max_length=64,
        pattern=CURSOR_PATTERN,
        description="A feed token: an event's `token` (its position), or a page's or a"
        " snapshot's `token`. Old tokens of the form '<xid>-<id>' are still"
        " understood.",
    ),
]


def feed_token(name: str, value: str | None) -> Cursor | LegacyToken | None:
    """A resume token from the query string; 400 naming the parameter if malformed."""
    if value is None:
        return None
    try:
        return parse_token(value)
    except BadToken as exc:
        raise bad_parameter(name, str(exc)) from None


def keyset_cursor(created_at: datetime, row_id: int) -> str:
    """The opaque `next` of a newest-first page: where the following page starts."""
    return base64.urlsafe_b64encode(msgspec.json.encode((created_at, row_id))).decode()


def parse_keyset_cursor(name: str, value: str | None) -> tuple[datetime, int] | None:
    if value is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(value.encode())
        return msgspec.json.decode(raw, type=tuple[datetime, int])
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise bad_parameter(name, f"invalid {name}: use the previous page's 'next'") from None
