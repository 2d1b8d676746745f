"""Query parameters several routes share, parsed into what the queries take."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

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


KEYSET_PATTERN = r"^[0-9]{1,16}-[0-9]{1,18}$"
"""A newest-first page's `next`: `<created_at in microseconds since 1970>-<id>`. Every
string of this form is a valid place to start (16 digits of microseconds reach the year
2286, 18 of id fit a bigint), so the pattern says exactly what is accepted."""
KeysetCursor = Annotated[
    str | None,
    QueryParameter(
        max_length=35,
        pattern=KEYSET_PATTERN,
        description="The previous page's `next`: where this page starts.",
    ),
]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def keyset_cursor(created_at: datetime, row_id: int) -> str:
    """The `next` of a newest-first page: where the following page starts."""
    return f"{(created_at - _EPOCH) // timedelta(microseconds=1)}-{row_id}"


def parse_keyset_cursor(value: str | None) -> tuple[datetime, int] | None:
    """A cursor the parameter's pattern already admitted, as (created_at, id)."""
    if value is None:
        return None
    micros, _, row_id = value.partition("-")
    return _EPOCH + timedelta(microseconds=int(micros)), int(row_id)
