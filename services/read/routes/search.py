"""`GET /api/search`: full-text search over every session's log, newest first."""

from __future__ import annotations

from datetime import datetime
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
    KindParam,
    ToolParam,
    log_filter,
    unsearchable,
)
from shared.contract.refs import QueryRef
from shared.contract.search import MAX_QUERY_CHARS, SEARCHABLE_KINDS, SearchPage
from shared.db.event_rows import Row
from shared.web.error_responses import error_responses

Words = Annotated[
    str,
    QueryParameter(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        description='Words to find (web search syntax: "a phrase", or, -word).',
    ),
]
SearchLimit = Annotated[int, QueryParameter(ge=1, le=200, description="Hits per page (1-200).")]
SearchCursor = Annotated[
    str | None,
    QueryParameter(pattern=r"^[0-9]{1,19}$", description="The previous page's `next`."),
]
Instant = Annotated[
    datetime | None, QueryParameter(description="ISO 8601 date or time (UTC unless it says).")
]


async def _explain_empty(conn: AsyncConnection[Row], words: str, scope: Scope) -> None:
    """Why nothing matched, when it is the request's fault: 400 or 404."""
    if not await searchable(conn, words):
        raise unsearchable(words)
    if scope.project is not None and await entities.project(conn, scope.project) is None:
        raise NotFoundException(f"unknown project {scope.project!r}")
    if scope.session is not None and await entities.session_location(conn, scope.session) is None:
        raise NotFoundException(f"unknown session {scope.session!r}")


@get("/api/search", responses=error_responses(400, 403, 404, 503))
async def search_events(
    read: Read,
    *,
    q: Words,
    project: QueryRef = None,
    session: QueryRef = None,
    kind: KindParam = None,
    tool: ToolParam = None,
    errors: ErrorsParam = False,
    since: Instant = None,
    until: Instant = None,
    cursor: SearchCursor = None,
    limit: SearchLimit = 50,
) -> SearchPage:
    """Events whose text matches `q` (assistant text, thinking, prompts, tool calls and
    results, errors), newest first, grouped by session and phase, with snippets."""
    filters = log_filter(kind, tool, errors, q, SEARCHABLE_KINDS)
    words = filters.words
    assert words is not None
    if since is not None and until is not None and since >= until:
        raise bad_parameter("until", "until must be later than since")
    scope = Scope(project, session, since, until)
    before = int(cursor) if cursor is not None else None
    async with read.pool.connection() as conn:
        rows = await search(conn, words, scope, filters, before=before, limit=limit + 1)
        if not rows:
            await _explain_empty(conn, words, scope)
    following = str(rows[limit - 1][0]) if len(rows) > limit else None
    return SearchPage(query=words, groups=grouped(rows[:limit]), next=following)
