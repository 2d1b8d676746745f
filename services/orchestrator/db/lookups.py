"""Finding projects, sessions and agents inside a unit of work, by id or slug."""

from __future__ import annotations

from psycopg import sql

from services.orchestrator.db.unit_of_work import UnitOfWork
from shared.contract.refs import ref_id
from shared.contract.wire import AgentView, ProjectView, SessionView


def _by_ref(ref: str) -> tuple[sql.Composable, list[object]]:
    """`{ref}` in a path is a numeric id or a slug."""
    row_id = ref_id(ref)
    if row_id is not None:
        return sql.SQL("id = %s"), [row_id]
    return sql.SQL("slug = %s"), [ref]


async def project(uow: UnitOfWork, ref: str, *, lock: bool = False) -> ProjectView | None:
    where, params = _by_ref(ref)
    return await uow.view(ProjectView, where, params, lock=lock)


async def project_at(uow: UnitOfWork, path: str) -> ProjectView | None:
    """The live (not archived) project registered at `path`, if any."""
    return await uow.view(
        ProjectView, sql.SQL("path = %s AND archived_at IS NULL ORDER BY id LIMIT 1"), [path]
    )


async def slug_taken(uow: UnitOfWork, table: str, slug: str) -> bool:
    query = sql.SQL("SELECT 1 FROM {} WHERE slug = %s").format(sql.Identifier(table))
    return await uow.fetch_optional(query, [slug]) is not None


async def session(uow: UnitOfWork, ref: str, *, lock: bool = False) -> SessionView | None:
    where, params = _by_ref(ref)
    return await uow.view(SessionView, where, params, lock=lock)


async def session_by_id(uow: UnitOfWork, session_id: int, *, lock: bool = False) -> SessionView:
    found = await uow.view(SessionView, sql.SQL("id = %s"), [session_id], lock=lock)
    if found is None:
        raise LookupError(f"session {session_id} does not exist")
    return found


async def owned_session(uow: UnitOfWork, session_id: int, worker_id: int) -> SessionView | None:
    """The session, locked, if it is still running under `worker_id`; None when another
    worker has meanwhile taken it for dead and closed it (recovery), or it has ended."""
    return await uow.view(
        SessionView,
        sql.SQL("id = %s AND status = 'running' AND worker_id = %s"),
        [session_id, worker_id],
        lock=True,
    )


async def agents_of(uow: UnitOfWork, session_id: int, *, lock: bool = False) -> list[AgentView]:
    """A session's agents in the order they were created."""
    return await uow.views(
        AgentView, sql.SQL("session_id = %s ORDER BY id"), [session_id], lock=lock
    )


async def agent(uow: UnitOfWork, agent_id: int, *, lock: bool = False) -> AgentView | None:
    return await uow.view(AgentView, sql.SQL("id = %s"), [agent_id], lock=lock)
