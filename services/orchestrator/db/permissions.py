"""The orchestrator's SQL of permission requests, and the journaling of their changes.

Each change of a request is written with its `permission_changed` event and the
session's recounted `pending_requests` (hence a `session_changed` event) in the caller's
unit of work, so the row, the count and the feed never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
from psycopg import sql
from psycopg.types.json import Jsonb

from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.plain_rows import columns_of, insert_row
from services.orchestrator.db.unit_of_work import UnitOfWork
from shared.contract.enums import EventKind, PermissionDecision, PermissionStatus
from shared.contract.permissions import PermissionRequestView
from shared.contract.wire import SessionView

_COLUMNS = columns_of(PermissionRequestView)
_JSON = ("tool_input", "questions", "answers")


def _view(row: Mapping[str, Any]) -> PermissionRequestView:
    return msgspec.convert(dict(row), PermissionRequestView)


def _bound(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: Jsonb(value) if name in _JSON and value is not None else value
        for name, value in values.items()
    }


async def insert(uow: UnitOfWork, values: Mapping[str, Any]) -> PermissionRequestView:
    return _view(await insert_row(uow, "permission_requests", _bound(values), _COLUMNS))


async def get(uow: UnitOfWork, request_id: int, *, lock: bool = False) -> PermissionRequestView:
    query = sql.SQL("SELECT {} FROM permission_requests WHERE id = %s{}").format(
        _COLUMNS, sql.SQL(" FOR NO KEY UPDATE" if lock else "")
    )
    return _view(await uow.fetch_one(query, [request_id]))


async def of_session(
    uow: UnitOfWork, session_id: int, request_id: int
) -> PermissionRequestView | None:
    """The session's request `request_id`, locked; None if it has none of that id."""
    query = sql.SQL(
        "SELECT {} FROM permission_requests WHERE id = %s AND session_id = %s FOR NO KEY UPDATE"
    ).format(_COLUMNS)
    row = await uow.fetch_optional(query, [request_id, session_id])
    return None if row is None else _view(row)


async def settle(
    uow: UnitOfWork, request_id: int, values: Mapping[str, Any]
) -> PermissionRequestView | None:
    """Give a pending request its outcome (and answered_at); None if it is not pending."""
    bound = _bound(values)
    assignments: list[sql.Composable] = [
        sql.SQL("{} = %s").format(sql.Identifier(name)) for name in bound
    ]
    assignments.append(sql.SQL("answered_at = now()"))
    query = sql.SQL(
        "UPDATE permission_requests SET {} WHERE id = %s AND status = 'pending' RETURNING {}"
    ).format(sql.SQL(", ").join(assignments), _COLUMNS)
    row = await uow.fetch_optional(query, [*bound.values(), request_id])
    return None if row is None else _view(row)


async def allowed_for_session(uow: UnitOfWork, session_id: int, allow_key: str) -> bool:
    """Whether the user allowed `allow_key` for the rest of the session (any agent)."""
    row = await uow.fetch_optional(
        "SELECT 1 FROM permission_requests WHERE session_id = %s AND allow_key = %s"
        " AND decision = %s LIMIT 1",
        [session_id, allow_key, PermissionDecision.ALLOW_SESSION.value],
    )
    return row is not None


async def pending_ids(uow: UnitOfWork, session_id: int) -> list[int]:
    rows = await uow.fetch_all(
        "SELECT id FROM permission_requests WHERE session_id = %s AND status = 'pending'"
        " ORDER BY id FOR NO KEY UPDATE",
        [session_id],
    )
    return [row["id"] for row in rows]


async def journal(uow: UnitOfWork, request: PermissionRequestView) -> SessionView:
    """Append the request's `permission_changed` event and recount the session's pending
    requests (which journals `session_changed`); returns the session as it now is."""
    row = await uow.fetch_one(
        "SELECT project_id, (SELECT count(*) FROM permission_requests"
        "  WHERE session_id = sessions.id AND status = 'pending') AS pending"
        " FROM sessions WHERE id = %s",
        [request.session_id],
    )
    scope = AgentScope(row["project_id"], request.session_id, request.agent_id)
    await uow.append_log([scope.row(EventKind.PERMISSION_CHANGED, request)])
    session = await uow.update(
        SessionView, request.session_id, {"pending_requests": row["pending"]}
    )
    assert session is not None
    return session


async def interrupt_pending(uow: UnitOfWork, session_id: int, message: str) -> int:
    """Mark the session's pending requests interrupted (its agent is gone); how many."""
    ids = await pending_ids(uow, session_id)
    for request_id in ids:
        settled = await settle(
            uow, request_id, {"status": PermissionStatus.INTERRUPTED.value, "message": message}
        )
        if settled is not None:
            await journal(uow, settled)
    return len(ids)
