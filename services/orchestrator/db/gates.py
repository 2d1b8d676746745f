"""The orchestrator's SQL of QA gates and their results.

Gates are configuration, not entities with a feed of their own: a command that changes
them also touches the project row, whose `project_changed` event tells live clients to
read the gates again. Each result is written when its gate ends, with its `gate` event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
from psycopg import sql

from services.orchestrator.db.plain_rows import insert_row, update_row
from services.orchestrator.db.unit_of_work import UnitOfWork
from shared.contract.checks import GateResultView, GateView

_GATE = sql.SQL(", ").join(sql.Identifier(f.name) for f in msgspec.structs.fields(GateView))
_RESULT = sql.SQL(", ").join(sql.Identifier(f.name) for f in msgspec.structs.fields(GateResultView))
_ORDER = sql.SQL(" ORDER BY position, id")


async def _gates(uow: UnitOfWork, where: sql.Composable, params: list[Any]) -> list[GateView]:
    query = sql.SQL("SELECT {} FROM gates WHERE {}").format(_GATE, where)
    return [msgspec.convert(row, GateView) for row in await uow.fetch_all(query, params)]


async def of_project(uow: UnitOfWork, project_id: int, *, enabled: bool = False) -> list[GateView]:
    """A project's gates in the order they run (only the enabled ones if asked)."""
    where = sql.SQL("project_id = %s") + (sql.SQL(" AND enabled") if enabled else sql.SQL(""))
    return await _gates(uow, where + _ORDER, [project_id])


async def named(uow: UnitOfWork, project_id: int, name: str) -> GateView | None:
    """The project's gate called `name`, locked for this transaction."""
    found = await _gates(
        uow, sql.SQL("project_id = %s AND name = %s FOR NO KEY UPDATE"), [project_id, name]
    )
    return found[0] if found else None


async def next_position(uow: UnitOfWork, project_id: int) -> int:
    row = await uow.fetch_one(
        "SELECT coalesce(max(position), -1) + 1 AS next FROM gates WHERE project_id = %s",
        [project_id],
    )
    return int(row["next"])


async def insert(uow: UnitOfWork, values: Mapping[str, Any]) -> GateView:
    return msgspec.convert(await insert_row(uow, "gates", values, _GATE), GateView)


async def update(uow: UnitOfWork, gate_id: int, values: Mapping[str, Any]) -> GateView:
    return msgspec.convert(await update_row(uow, "gates", gate_id, values, _GATE), GateView)


async def delete(uow: UnitOfWork, gate_id: int) -> None:
    await uow.conn.execute("DELETE FROM gates WHERE id = %s", (gate_id,))


async def next_run(uow: UnitOfWork, session_id: int) -> int:
    """The number of the session's next check run."""
    row = await uow.fetch_one(
        "SELECT coalesce(max(run), 0) + 1 AS next FROM gate_results WHERE session_id = %s",
        [session_id],
    )
    return int(row["next"])


async def insert_result(uow: UnitOfWork, values: Mapping[str, Any]) -> GateResultView:
    row = await insert_row(uow, "gate_results", values, _RESULT)
    return msgspec.convert(row, GateResultView)
