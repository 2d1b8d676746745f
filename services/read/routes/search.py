"""`GET /api/search`: full-text search over every session's log, newest first."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter
from psycopg import AsyncConnection

from services.read.db import entities
from services.read.db.event_search import Scope, grouped, search
from services.read.db.log_filters import searchable
from services.read.routes.dependencies import Read
from services.read.routes.errors import bad_parameter
from services.read.routes.log_params import (
    ErrorsParam,
    SearchKindParam,
    ToolParam,
    documented,
    log_filter,
    unsearchable,
)
from services.read.routes.reconnecting import reconnecting
from shared.contract.refs import QueryRef
from shared.contract.search import MAX_QUERY_CHARS, SEARCHABLE_KINDS, SearchPage
from shared.contract.wire import VISIBLE_TEXT_PATTERN
from shared.db.event_rows import Row
from shared.web.error_responses import error_responses

Words = Annotated[
    str,
    QueryParameter(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        schema_extra=documented(VISIBLE_TEXT_PATTERN),
        description='Words to find (web search syntax: "a phrase", or, -word).',
    ),
]
SearchLimit = Annotated[int, QueryParameter(ge=1, le=200, description="Hits per page (1-200).")]
SearchCursor = Annotated[
    str | None,
    QueryParameter(pattern=r"^[0-9]{1,19}$", description="The previous page's `next`."),
]
# A string with an ISO 8601 pattern, not `datetime`: Litestar converts query values
# leniently, so a datetime parameter also took numbers as Unix times (`until=0` was 1970),
# which the OpenAPI document (format date-time) said it refuses.
_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
"""0001 to 9999."""
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_DAY = (
    rf"(?:{_YEAR}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
    rf"|(?:0[13578]|1[02])-31)|{_LEAP_YEAR}-02-29)"
)
"""A day of the calendar: no 30 February, 29 February in leap years only."""
_OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
ISO_INSTANT = rf"^{_DAY}(?:[T ]{_TIME}{_OFFSET}?)?$"
"""What `instant` parses: a day that exists, optionally a time of it and a UTC offset."""
Instant = Annotated[
    str | None,
    QueryParameter(
        schema_extra=documented(ISO_INSTANT),
        description="ISO 8601 date or time, such as 2026-11-30 or 2026-11-30T09:00:00Z"
        " (UTC unless it says).",
    ),
]


def instant(name: str, value: str | None) -> datetime | None:
    """`value` of the parameter `name` as a time (UTC unless it says); 400 if no such time."""
    if value is None:
        return None
    # Exactly what the document's pattern says (fromisoformat alone takes more forms),
    # as Python reads it: its `$` lets one trailing newline through.
    if not re.search(ISO_INSTANT, value):
        raise bad_parameter(name, f"{value!r} is not a date or time")
    parsed = datetime.fromisoformat(value.removesuffix("\n"))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


async def _explain_empty(conn: AsyncConnection[Row], words: str, scope: Scope) -> None:
    """Why nothing matched, when it is the request's fault: 400 or 404."""
    if not await searchable(conn, words):
        raise unsearchable(words)
    if scope.project is not None and await entities.project(conn, scope.project) is None:
        raise NotFoundException(f"unknown project {scope.project!r}")
    if scope.session is not None and await entities.session_location(conn, scope.session) is None:
        raise NotFoundException(f"unknown session {scope.session!r}")


@get("/api/search", responses=error_responses(400, 403, 404, 503))
@reconnecting
async def search_events(
    read: Read,
    *,
    q: Words,
    project: QueryRef = None,
    session: QueryRef = None,
    kind: SearchKindParam = None,
    tool: ToolParam = None,
    errors: ErrorsParam = False,
    since: Instant = None,
    until: Instant = None,
    cursor: SearchCursor = None,
    limit: SearchLimit = 50,
) -> SearchPage:
    """Events whose text matches `q` (assistant text, thinking, prompts, tool calls and
    results, errors), newest first, grouped by session and phase, with snippets."""
    since_at, until_at = instant("since", since), instant("until", until)
    filters = log_filter(kind, tool, errors, q, SEARCHABLE_KINDS)
    words = filters.words
    assert words is not None
    if since_at is not None and until_at is not None and since_at >= until_at:
        raise bad_parameter("until", "until must be later than since")
    scope = Scope(project, session, since_at, until_at)
    before = int(cursor) if cursor is not None else None
    async with read.pool.connection() as conn:
        rows = await search(conn, words, scope, filters, before=before, limit=limit + 1)
        if not rows:
            await _explain_empty(conn, words, scope)
    following = str(rows[limit - 1][0]) if len(rows) > limit else None
    return SearchPage(query=words, groups=grouped(rows[:limit]), next=following)
