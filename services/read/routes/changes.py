"""A session's changes: its commits, changed files (whole session or one agent's commit),
one file's diff and the whole unified diff, all from the database (never git), so they
outlive the worktree. And the worktrees in use, with their disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Stream
from psycopg import AsyncConnection

from services.read.db import changes, entities
from services.read.files.artifacts import NoSuchArtifact, artifact_file
from services.read.routes.dependencies import Read
from services.read.routes.reconnecting import reconnecting
from shared.config.paths import PathRefused
from shared.contract.refs import PathRef
from shared.contract.review import (
    ChangeSet,
    CommitView,
    FileDiff,
    WorktreeUsage,
    suggested_message,
)
from shared.contract.wire import SessionView
from shared.db.event_rows import Row
from shared.web.error_responses import error_responses

_ERRORS = error_responses(400, 403, 404, 503)


def _spec(artifact_dir: str) -> str | None:
    try:
        return artifact_file(artifact_dir, "spec.md").read_text(errors="replace")
    except (NoSuchArtifact, PathRefused, OSError):
        return None


async def _session(conn: AsyncConnection[Row], ref: str) -> SessionView:
    session = await entities.session(conn, ref)
    if session is None:
        raise NotFoundException(f"unknown session {ref!r}")
    return session


async def _commit_id(
    conn: AsyncConnection[Row], session: SessionView, agent: int | None
) -> tuple[int | None, CommitView | None]:
    """(commit id, commit) of the scope: (None, None) for the whole session; for an agent
    its commit, or (-1, None) when it changed nothing (an empty scope). 404 for an agent
    that is not the session's."""
    if agent is None:
        return None, None
    if not await changes.agent_of(conn, session.id, agent):
        raise NotFoundException(f"agent {agent} is not an agent of session {session.slug!r}")
    commit = await changes.agent_commit(conn, session.id, agent)
    return (commit.id, commit) if commit else (-1, None)


@get("/api/sessions/{ref:str}/changes", responses=_ERRORS)
@reconnecting
async def session_changes(
    read: Read, ref: PathRef, agent: FromQuery[int | None] = None
) -> ChangeSet:
    """The changed files of the whole session (against its base commit), or with `agent`
    of that agent's commit; `suggested_message` is approve's default."""
    async with entities.snapshot(read.pool) as (conn, _):
        session = await _session(conn, ref)
        commit_id, commit = await _commit_id(conn, session, agent)
        files = await changes.files(conn, session.id, commit_id)
    suggested = None
    if agent is None:
        suggested = suggested_message(
            await asyncio.to_thread(_spec, session.artifact_dir), session.title
        )
    return ChangeSet(
        session_id=session.id,
        scope="session" if agent is None else "agent",
        agent_id=agent,
        from_commit=session.base_commit
        if agent is None
        else (commit.parent_sha if commit else None),
        to_commit=session.head_commit if agent is None else (commit.sha if commit else None),
        isolated=session.isolated,
        files=files,
        insertions=sum(f.insertions for f in files),
        deletions=sum(f.deletions for f in files),
        suggested_message=suggested,
    )


@get("/api/sessions/{ref:str}/changes/{path:path}", responses=_ERRORS)
@reconnecting
async def file_change(
    read: Read, ref: PathRef, path: FromPath[str], agent: FromQuery[int | None] = None
) -> FileDiff:
    """One changed file's unified diff (whole session, or `agent`'s commit); 404 for a path
    the scope did not change."""
    name = path.removeprefix("/")
    async with entities.snapshot(read.pool) as (conn, _):
        session = await _session(conn, ref)
        commit_id, _commit = await _commit_id(conn, session, agent)
        # No stored path holds a NUL (PostgreSQL text cannot): such a name is simply absent.
        found = (
            None if "\x00" in name else await changes.file_diff(conn, session.id, commit_id, name)
        )
    if found is None:
        scope = f"agent {agent}'s commit" if agent is not None else f"session {session.slug!r}"
        raise NotFoundException(f"{name!r} is not among the files changed by {scope}")
    return found


@get("/api/sessions/{ref:str}/commits", responses=_ERRORS)
@reconnecting
async def session_commits(read: Read, ref: PathRef) -> list[CommitView]:
    """The commits Pilothouse made on the session's branch, oldest first."""
    async with read.pool.connection() as conn:
        session = await _session(conn, ref)
        return await changes.commits(conn, session.id)


@get(
    "/api/sessions/{ref:str}/diff",
    media_type="text/x-diff; charset=utf-8",
    responses=_ERRORS,
)
@reconnecting
async def session_diff(read: Read, ref: PathRef, agent: FromQuery[int | None] = None) -> Stream:
    """The whole unified diff of the session (or of `agent`'s commit), file by file as
    stored; a patch cut at its size bound is followed by a `# pilothouse:` line saying so."""
    async with read.pool.connection() as conn:
        session = await _session(conn, ref)
        commit_id, _commit = await _commit_id(conn, session, agent)

    async def body() -> AsyncIterator[bytes]:
        async with read.pool.connection() as conn:
            async for path, patch, truncated, size in changes.patches(conn, session.id, commit_id):
                yield patch.encode()
                if truncated:
                    kept = len(patch.encode())
                    note = f"# pilothouse: the patch of {path} is cut at {kept} of {size} bytes\n"
                    yield note.encode()

    return Stream(body(), media_type="text/x-diff; charset=utf-8")


@get("/api/worktrees", responses=error_responses(400, 403, 503))
@reconnecting
async def worktrees_in_use(read: Read) -> WorktreeUsage:
    """Every session's worktree that exists, with its disk use as last measured."""
    async with read.pool.connection() as conn:
        found = await changes.worktrees(conn)
    return WorktreeUsage(worktrees=found, total_bytes=sum(w.bytes or 0 for w in found))
