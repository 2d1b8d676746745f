"""Test data written the way the orchestrator writes it, through the owner URL.

Every entity change is its row plus a `*_changed` event carrying the full view
(`msgspec.to_builtins`) in one transaction; agent-log events carry the payloads of
shared/payloads.py; every event of a session has project_id and session_id, log events
also agent_id. Events take their positions from the feed counter in the statement that
inserts them, which is each helper transaction's last (shared/db/feed_positions.py):
call them last in a transaction of your own too. The read service never writes: only
this module does, in tests.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any, TypeVar

import msgspec
from psycopg import AsyncConnection, sql
from psycopg.types.json import Jsonb

from shared.contract.enums import AgentKind, EventKind, ModelMode, SessionStatus
from shared.contract.payloads import TextPayload
from shared.contract.wire import AgentView, ProjectView, SessionView
from shared.db.feed_positions import TAKE_POSITIONS

V = TypeVar("V", bound=msgspec.Struct)
Conn = AsyncConnection[tuple[Any, ...]]


def _returning(view: type[msgspec.Struct]) -> sql.Composed:
    names = [sql.Identifier(field.name) for field in msgspec.structs.fields(view)]
    return sql.SQL(" RETURNING ") + sql.SQL(", ").join(names)


async def _one(conn: Conn, view: type[V], query: sql.SQL, params: tuple[Any, ...]) -> V:
    cursor = await conn.execute(query + _returning(view), params)
    row = await cursor.fetchone()
    assert row is not None
    names = [field.name for field in msgspec.structs.fields(view)]
    return msgspec.convert(dict(zip(names, row, strict=True)), view)


async def append_event(
    conn: Conn,
    kind: EventKind,
    payload: dict[str, Any],
    *,
    project_id: int | None,
    session_id: int | None = None,
    agent_id: int | None = None,
) -> int:
    """Insert one journal row in the caller's transaction (taking its position, so the
    feed counter stays locked until that transaction ends); returns its id."""
    cursor = await conn.execute(
        f"WITH taken AS ({TAKE_POSITIONS})"
        " INSERT INTO events (position, project_id, session_id, agent_id, kind, payload)"
        " SELECT last_position, %s, %s, %s, %s, %s FROM taken RETURNING id",
        (1, project_id, session_id, agent_id, kind.value, Jsonb(payload)),
    )
    row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def create_project(conn: Conn, *, slug: str | None = None, path: str = "/tmp") -> ProjectView:
    slug = slug or f"p-{secrets.token_hex(3)}"
    async with conn.transaction():
        project = await _one(
            conn,
            ProjectView,
            sql.SQL("INSERT INTO projects (slug, name, path) VALUES (%s, %s, %s)"),
            (slug, slug.title(), path),
        )
        await append_event(
            conn, EventKind.PROJECT_CHANGED, msgspec.to_builtins(project), project_id=project.id
        )
    return project


async def create_session(
    conn: Conn, project: ProjectView, *, artifact_dir: str = "/tmp", title: str = "Work"
) -> SessionView:
    slug = f"s-{secrets.token_hex(4)}"
    async with conn.transaction():
        session = await _one(
            conn,
            SessionView,
            sql.SQL(
                "INSERT INTO sessions (slug, project_id, title, prompt, phases, artifact_dir,"
                " model_mode) VALUES (%s, %s, %s, %s, %s, %s, %s)"
            ),
            (slug, project.id, title, "do it", ["spec", "plan"], artifact_dir, ModelMode.SCRIPTED),
        )
        await session_changed(conn, session)
    return session


async def new_session(conn: Conn, **options: Any) -> tuple[SessionView, AgentView]:
    """A new project with one session and its first agent: where most tests start."""
    session = await create_session(conn, await create_project(conn), **options)
    return session, await create_agent(conn, session)


async def session_changed(conn: Conn, session: SessionView) -> None:
    await append_event(
        conn,
        EventKind.SESSION_CHANGED,
        msgspec.to_builtins(session),
        project_id=session.project_id,
        session_id=session.id,
    )


async def set_session_status(
    conn: Conn, session: SessionView, status: SessionStatus
) -> SessionView:
    async with conn.transaction():
        changed = await _one(
            conn,
            SessionView,
            sql.SQL("UPDATE sessions SET status = %s, updated_at = now() WHERE id = %s"),
            (status.value, session.id),
        )
        await session_changed(conn, changed)
    return changed


async def finish_session(
    conn: Conn, session: SessionView, status: SessionStatus, *, days_ago: float
) -> SessionView:
    """End a session in `status`, its finish time `days_ago` in the past (as if it had
    finished then), with its session_changed event, as the orchestrator does."""
    async with conn.transaction():
        changed = await _one(
            conn,
            SessionView,
            sql.SQL(
                "UPDATE sessions SET status = %s, updated_at = now(),"
                " finished_at = now() - make_interval(secs => %s) WHERE id = %s"
            ),
            (status.value, days_ago * 86400, session.id),
        )
        await session_changed(conn, changed)
    return changed


async def ended_session(
    conn: Conn, status: SessionStatus, *, days_ago: float, lines: int
) -> tuple[SessionView, AgentView]:
    """A session with an agent and `lines` log events, then ended in `status` (retention
    tests: an old finished one, or one that can still run)."""
    session, agent = await new_session(conn)
    await log_many(conn, session, agent, [f"line {n}" for n in range(lines)])
    return await finish_session(conn, session, status, days_ago=days_ago), agent


async def create_agent(
    conn: Conn, session: SessionView, kind: AgentKind = AgentKind.SPEC
) -> AgentView:
    async with conn.transaction():
        agent = await _one(
            conn,
            AgentView,
            sql.SQL("INSERT INTO agents (session_id, kind, prompt) VALUES (%s, %s, %s)"),
            (session.id, kind.value, f"{kind.value} prompt"),
        )
        await append_event(
            conn,
            EventKind.AGENT_CHANGED,
            msgspec.to_builtins(agent),
            project_id=session.project_id,
            session_id=session.id,
            agent_id=agent.id,
        )
    return agent


async def log_text(conn: Conn, session: SessionView, agent: AgentView, text: str) -> int:
    """One assistant-text log event, in the caller's transaction (or its own)."""
    return await append_event(
        conn,
        EventKind.TEXT,
        msgspec.to_builtins(TextPayload(text=text)),
        project_id=session.project_id,
        session_id=session.id,
        agent_id=agent.id,
    )


async def log_event(
    conn: Conn, session: SessionView, agent: AgentView | None, kind: EventKind, payload: Any
) -> int:
    """One log event of any kind (payload: a struct of shared.contract.payloads)."""
    return await append_event(
        conn,
        kind,
        msgspec.to_builtins(payload),
        project_id=session.project_id,
        session_id=session.id,
        agent_id=agent.id if agent is not None else None,
    )


async def log_many(conn: Conn, session: SessionView, agent: AgentView, texts: list[str]) -> None:
    """Many log events of one agent in one multi-row insert (the orchestrator batches)."""
    await conn.execute(
        f"WITH taken AS ({TAKE_POSITIONS})"
        " INSERT INTO events (position, project_id, session_id, agent_id, kind, payload)"
        " SELECT last_position - %s + t.n, %s, %s, %s, 'text',"
        "        jsonb_build_object('text', t.text, 'truncated', false)"
        " FROM taken, unnest(%s::text[]) WITH ORDINALITY AS t(text, n)",
        (len(texts), len(texts), session.project_id, session.id, agent.id, texts),
    )


async def positions(conn: Conn, condition: str = "true", params: tuple[Any, ...] = ()) -> list[str]:
    """Tokens of the journal rows matching `condition`, in feed order: the truth to compare
    what clients received against."""
    cursor = await conn.execute(
        "SELECT position::text AS token FROM events WHERE " + condition + " ORDER BY position",
        params,
    )
    return [row[0] for row in await cursor.fetchall()]


async def keep_writing(
    conn: Conn,
    targets: list[tuple[SessionView, AgentView]],
    stop: asyncio.Event,
    *,
    pause: float = 0.002,
) -> int:
    """Append small batches of log events round-robin to `targets`, one transaction each,
    until `stop` is set; returns the number of transactions committed."""
    committed = 0
    while not stop.is_set():
        session, agent = targets[committed % len(targets)]
        async with conn.transaction():
            await log_many(conn, session, agent, [f"tx {committed} line {n}" for n in range(3)])
        committed += 1
        await asyncio.sleep(pause)
    return committed
