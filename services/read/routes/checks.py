"""A project's gates, a session's checks (its gate results) and its review comments."""

from __future__ import annotations

from litestar import get
from litestar.exceptions import NotFoundException
from psycopg import AsyncConnection

from services.read.db import checks, entities
from services.read.routes.dependencies import Read
from services.read.routes.reconnecting import reconnecting
from shared.contract.checks import Checks, CommentView, GateView
from shared.contract.refs import PathRef
from shared.contract.wire import SessionView
from shared.db.event_rows import Row
from shared.web.error_responses import error_responses

_ERRORS = error_responses(400, 403, 404, 503)


async def _session(conn: AsyncConnection[Row], ref: str) -> SessionView:
    session = await entities.session(conn, ref)
    if session is None:
        raise NotFoundException(f"unknown session {ref!r}")
    return session


@get("/api/projects/{ref:str}/gates", responses=_ERRORS)
@reconnecting
async def project_gates(read: Read, ref: PathRef) -> list[GateView]:
    """The project's QA gates in the order they run (proposed ones are disabled)."""
    async with read.pool.connection() as conn:
        project = await entities.project(conn, ref)
        if project is None:
            raise NotFoundException(f"unknown project {ref!r}")
        return await checks.gates(conn, project.id)


@get("/api/sessions/{ref:str}/checks", responses=_ERRORS)
@reconnecting
async def session_checks(read: Read, ref: PathRef) -> Checks:
    """The session's gate results of every check run, oldest first, and their state."""
    async with entities.snapshot(read.pool) as (conn, _):
        session = await _session(conn, ref)
        results = await checks.results(conn, session.id)
    return Checks(
        session_id=session.id,
        state=session.checks,
        overridden=session.checks_overridden,
        results=results,
    )


@get("/api/sessions/{ref:str}/comments", responses=_ERRORS)
@reconnecting
async def session_comments(read: Read, ref: PathRef) -> list[CommentView]:
    """The session's review comments (resolved ones too), by file and line."""
    async with read.pool.connection() as conn:
        session = await _session(conn, ref)
        return await checks.comments(conn, session.id)
