"""`GET /api/sessions` (newest first, keyset pages) and `GET /api/sessions/{ref}`."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter

from services.read.db import entities, permissions
from services.read.routes.dependencies import Read
from services.read.routes.params import (
    KeysetCursor,
    SessionLimit,
    keyset_cursor,
    parse_keyset_cursor,
)
from services.read.routes.reconnecting import reconnecting
from shared.contract.enums import PermissionStatus, SessionStatus
from shared.contract.refs import PathRef, QueryRef
from shared.contract.wire import Page, SessionDetail, SessionView
from shared.web.error_responses import error_responses

_STATUS = "|".join(sorted(status.value for status in SessionStatus))
STATUSES_PATTERN = f"^({_STATUS})(,({_STATUS}))*$"
"""One or more session statuses, comma-separated: nothing else is accepted."""
Statuses = Annotated[
    str | None,
    QueryParameter(
        pattern=STATUSES_PATTERN, description="Session statuses, comma-separated (any of them)."
    ),
]

NeedsYou = Annotated[
    bool,
    QueryParameter(description="Only sessions with a permission request waiting for the user."),
]


@get("/api/sessions", responses=error_responses(400, 403, 404, 503))
@reconnecting
async def list_sessions(
    read: Read,
    *,
    project: QueryRef = None,
    status: Statuses = None,
    needs_you: NeedsYou = False,
    limit: SessionLimit = 50,
    cursor: KeysetCursor = None,
) -> Page[SessionView]:
    """Sessions, newest first, optionally of one project, in some statuses, or only those
    that need the user (a pending permission request)."""
    statuses = status.split(",") if status is not None else None
    before = parse_keyset_cursor(cursor)
    async with read.pool.connection() as conn:
        items, token = await entities.sessions(
            conn,
            project=project,
            statuses=statuses,
            before=before,
            limit=limit + 1,
            needs_you=needs_you,
        )
        # An empty list is the only case where an unknown project could hide.
        if not items and project is not None and await entities.project(conn, project) is None:
            raise NotFoundException(f"unknown project {project!r}")
    following = None
    if len(items) > limit:
        items = items[:limit]
        following = keyset_cursor(items[-1].created_at, items[-1].id)
    return Page(items=items, next=following, token=token)


@get("/api/sessions/{ref:str}", responses=error_responses(400, 403, 404, 503))
@reconnecting
async def get_session(read: Read, ref: PathRef) -> SessionDetail:
    """One session with its project and agents, and the feed token they match; `retention`
    says whether old events of it were removed."""
    async with entities.snapshot(read.pool) as (conn, token):
        session = await entities.session(conn, ref)
        if session is None:
            raise NotFoundException(f"unknown session {ref!r}")
        project = await entities.project(conn, str(session.project_id))
        agents = await entities.agents(conn, session.id)
        retention = await entities.retention(conn, session.id)
        pending = await permissions.requests(conn, session.id, PermissionStatus.PENDING)
    assert project is not None, "sessions.project_id is a foreign key"
    return SessionDetail(
        session=session,
        project=project,
        agents=agents,
        token=token,
        retention=retention,
        requests=pending,
    )
