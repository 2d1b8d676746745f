"""Event pages of a session or an agent, in feed order, keyset by token (never OFFSET).

A page that would start before the session's retention horizon is 410 Gone (its rows
were removed, docs/operations.md); scrolling back with `before` ends at the horizon.
Each event's payload goes out as stored, never decoded (shared/db/event_rows.py).
"""

from __future__ import annotations

from litestar import get
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, FromQuery
from psycopg import AsyncConnection

from services.read.db import entities
from services.read.db.event_filters import RowFilter, agent_rows, narrowed, session_rows
from services.read.db.event_reads import rows_after, rows_before
from services.read.db.legacy_tokens import resolve
from services.read.db.log_filters import searchable
from services.read.routes.dependencies import Read
from services.read.routes.log_params import (
    ErrorsParam,
    KindParam,
    ToolParam,
    WordsParam,
    log_filter,
    unsearchable,
)
from services.read.routes.params import EventLimit, Token, feed_token
from services.read.routes.reconnecting import reconnecting
from shared.contract.cursor import ORIGIN, Cursor, LegacyToken
from shared.contract.events import EventView
from shared.contract.refs import PathRef
from shared.contract.wire import Page
from shared.db.event_rows import Row
from shared.web.error_responses import error_responses


def _gone(horizon: Cursor) -> HTTPException:
    """410 for a page that would start before rows retention removed."""
    return HTTPException(
        status_code=410,
        detail=f"events up to {horizon.token} were removed by retention (archived);"
        f" ask for the events after {horizon.token}",
        extra={"horizon": horizon.token},
    )


async def _position(
    conn: AsyncConnection[Row], token: Cursor | LegacyToken | None, *, before: bool = False
) -> Cursor | None:
    return await resolve(conn, token, before=before) if token is not None else None


async def _page(
    conn: AsyncConnection[Row], rows: RowFilter, after: str | None, before: str | None, limit: int
) -> Page[EventView]:
    start_token, end_token = feed_token("after", after), feed_token("before", before)
    start = await _position(conn, start_token)
    end = await _position(conn, end_token, before=True)
    if end is not None and start is None:
        # A token is the point right after its event: `after` pages start past it, and
        # `before` pages end at it. Newest `limit` at or before the token; one extra row
        # tells whether more lie behind.
        events, horizon = await rows_before(conn, rows, end, limit + 1)
        more = len(events) > limit
        if horizon is not None and events and events[0].position <= horizon.position:
            # Scrolling back ends at the horizon: what lies behind it was removed.
            events = [event for event in events if event.position > horizon.position]
            more = False
        events = events[1:] if more else events
        following = Cursor(events[0].position - 1).token if more else None
    else:
        events, horizon = await rows_after(conn, rows, start or ORIGIN, limit + 1)
        if horizon is not None and (start or ORIGIN) < horizon:
            raise _gone(horizon)
        more = len(events) > limit
        if end is not None:
            # Both: the events between the two tokens, oldest first; `next` is null once
            # the page reaches `before`.
            within = [event for event in events if event.position <= end.position]
            more = more and len(within) == len(events)
            events = within
        events = events[:limit]
        following = events[-1].token if more else None
    token = events[-1].token if events else (start or ORIGIN).token
    return Page(items=events, next=following, token=token)


@get("/api/sessions/{ref:str}/events", responses=error_responses(400, 403, 404, 410, 503))
@reconnecting
async def session_events(
    read: Read,
    ref: PathRef,
    *,
    after: Token = None,
    before: Token = None,
    limit: EventLimit = 500,
    agent: FromQuery[int | None] = None,
    kind: KindParam = None,
    tool: ToolParam = None,
    errors: ErrorsParam = False,
    q: WordsParam = None,
) -> Page[EventView]:
    """A session's events (optionally one agent's) after or before a token, optionally
    only those of some kinds, of some tools, errors, or matching words (`q`): with
    `limit=1`, `after`/`before` a position find the next or previous match anywhere in
    the session."""
    rows = narrowed(session_rows(ref, agent), log_filter(kind, tool, errors, q))
    # Only an empty page has to ask whether the session exists at all.
    async with read.pool.connection() as conn:
        page = await _page(conn, rows, after, before, limit)
        if not page.items and await entities.session_location(conn, ref) is None:
            raise NotFoundException(f"unknown session {ref!r}")
        if not page.items and q is not None and not await searchable(conn, q):
            raise unsearchable(q)
    return page


@get("/api/agents/{agent_id:int}/events", responses=error_responses(400, 403, 404, 410, 503))
@reconnecting
async def agent_events(
    read: Read,
    agent_id: FromPath[int],
    after: Token = None,
    before: Token = None,
    limit: EventLimit = 500,
) -> Page[EventView]:
    """One agent's events after or before a token."""
    async with read.pool.connection() as conn:
        page = await _page(conn, agent_rows(agent_id), after, before, limit)
        if not page.items and not await entities.agent_exists(conn, agent_id):
            raise NotFoundException(f"unknown agent {agent_id}")
    return page
