"""The orchestrator's database access: a connection pool and the unit of work.

Every write goes through `Store.unit()`: one short transaction that changes entity rows
and, in the same transaction, appends their `*_changed` events carrying the row's view
after the change — so the change feed and the tables never disagree. Events are held
until the unit of work ends and then written with their feed positions as its last step
(pending_events.py). SQL is plain text with bound values; the SQLModel schema in
shared/db/schema.py stays the definition.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import msgspec
from psycopg import AsyncConnection, sql
from psycopg.rows import DictRow, dict_row
from psycopg_pool import AsyncConnectionPool

from services.orchestrator.db.log_rows import LogRow
from services.orchestrator.db.pending_events import PendingEvents, Replace
from shared.contract.cursor import Cursor
from shared.contract.enums import AgentStatus, EventKind, SessionStatus
from shared.contract.lifecycle import AGENT_SOURCES, SESSION_SOURCES, IllegalMove
from shared.contract.wire import AgentView, ProjectView, SessionView

View = TypeVar("View", ProjectView, SessionView, AgentView)

TABLES: dict[type[Any], str] = {
    ProjectView: "projects",
    SessionView: "sessions",
    AgentView: "agents",
}

CHANGE_KINDS: dict[type[Any], EventKind] = {
    ProjectView: EventKind.PROJECT_CHANGED,
    SessionView: EventKind.SESSION_CHANGED,
    AgentView: EventKind.AGENT_CHANGED,
}

NOW = sql.SQL("now()")
"""A column value meaning the transaction's timestamp."""

ROW_LOCK = "FOR NO KEY UPDATE"
"""How the orchestrator locks a row it is about to change. Not FOR UPDATE: that lock also
blocks the KEY SHARE lock a foreign-key check takes, and the writer holding the feed
counter checks the keys of the rows its events name; a transaction holding FOR UPDATE
while it waits for the counter would deadlock with it (pending_events.py)."""

_encode = msgspec.json.Encoder().encode


def columns(view: type[Any]) -> sql.Composable:
    """The view's fields as a column list: views are named after their table's columns."""
    names = [field.name for field in msgspec.structs.fields(view)]
    return sql.SQL(", ").join(sql.Identifier(name) for name in names)


class UnitOfWork:
    """One open transaction; every entity write also appends its change event."""

    def __init__(self, conn: AsyncConnection[DictRow]) -> None:
        self.conn = conn
        self.events = PendingEvents()
        """Events of this transaction, written with their positions when it ends."""

    async def fetch_one(self, query: sql.Composable | str, params: Sequence[Any] = ()) -> DictRow:
        """The first row of `query`, which must return one."""
        row = await self.fetch_optional(query, params)
        if row is None:
            raise LookupError("query returned no row")
        return row

    async def fetch_optional(
        self, query: sql.Composable | str, params: Sequence[Any] = ()
    ) -> DictRow | None:
        cursor = await self.conn.execute(query, params)  # type: ignore[arg-type]
        return await cursor.fetchone()

    async def fetch_all(
        self, query: sql.Composable | str, params: Sequence[Any] = ()
    ) -> list[DictRow]:
        cursor = await self.conn.execute(query, params)  # type: ignore[arg-type]
        return await cursor.fetchall()

    async def view(
        self, view: type[View], where: sql.Composable, params: Sequence[Any], *, lock: bool = False
    ) -> View | None:
        """One row of the view's table as that view, optionally locked (ROW_LOCK)."""
        found = await self.views(view, where, params, lock=lock)
        return found[0] if found else None

    async def views(
        self, view: type[View], where: sql.Composable, params: Sequence[Any], *, lock: bool = False
    ) -> list[View]:
        """Rows of the view's table matching `where` (which may end in ORDER BY/LIMIT)."""
        query = sql.SQL("SELECT {} FROM {} WHERE {}{}").format(
            columns(view),
            sql.Identifier(TABLES[view]),
            where,
            sql.SQL(" " + ROW_LOCK) if lock else sql.SQL(""),
        )
        return [msgspec.convert(row, view) for row in await self.fetch_all(query, params)]

    async def insert(self, view: type[View], values: Mapping[str, Any]) -> View:
        """Insert a row and record its change event; returns the row as its view."""
        names = list(values)
        query = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING {}").format(
            sql.Identifier(TABLES[view]),
            sql.SQL(", ").join(map(sql.Identifier, names)),
            sql.SQL(", ").join(_placeholder(values[name]) for name in names),
            columns(view),
        )
        row = await self.fetch_one(query, [v for v in values.values() if v is not NOW])
        return await self._changed(view, row)

    async def update(
        self,
        view: type[View],
        row_id: int,
        values: Mapping[str, Any],
        *,
        only_if: sql.Composable | None = None,
    ) -> View | None:
        """Update one row (and its updated_at) and record its change event.

        `only_if` is an extra condition; when the row does not meet it nothing is
        written and None comes back. A status change must be one the lifecycle allows
        (shared/contract/lifecycle.py), else IllegalMove is raised and the caller's
        transaction rolls back."""
        moved_from = _lifecycle_sources(view, values)
        if moved_from is not None:
            allowed = sql.SQL("status = ANY({})").format(sql.Literal(moved_from))
            only_if = (
                allowed if only_if is None else sql.SQL("({}) AND {}").format(only_if, allowed)
            )
        assignments: list[sql.Composable] = [
            sql.SQL("{} = {}").format(sql.Identifier(name), _placeholder(value))
            for name, value in values.items()
        ]
        assignments.append(sql.SQL("updated_at = now()"))
        query = sql.SQL("UPDATE {} SET {} WHERE id = %s{} RETURNING {}").format(
            sql.Identifier(TABLES[view]),
            sql.SQL(", ").join(assignments),
            sql.SQL(" AND ({})").format(only_if) if only_if is not None else sql.SQL(""),
            columns(view),
        )
        bound: list[Any] = [v for v in values.values() if v is not NOW]
        row = await self.fetch_optional(query, [*bound, row_id])
        if row is None:
            if moved_from is not None:
                await self._check_move(view, row_id, values["status"])
            return None
        return await self._changed(view, row)

    async def _check_move(self, view: type[View], row_id: int, new: str) -> None:
        """Raise IllegalMove when the row exists but its status may not become `new`."""
        query = sql.SQL("SELECT status FROM {} WHERE id = %s").format(sql.Identifier(TABLES[view]))
        found = await self.fetch_optional(query, [row_id])
        if found is not None and found["status"] not in (
            _lifecycle_sources(view, {"status": new}) or []
        ):
            noun = "session" if view is SessionView else "agent"
            raise IllegalMove(f"{noun} {row_id} cannot go from {found['status']} to {new}")

    async def _changed(self, view: type[View], row: DictRow) -> View:
        result = msgspec.convert(row, view)
        project_id, session_id, agent_id = await self._scope(result)
        # The view as the read service returns it (datetimes in RFC 3339).
        self.events.add(
            [(project_id, session_id, agent_id, CHANGE_KINDS[view].value, _encode(result))]
        )
        return result

    async def _scope(
        self, view: ProjectView | SessionView | AgentView
    ) -> tuple[int, int | None, int | None]:
        """(project_id, session_id, agent_id) of an entity's change event."""
        if isinstance(view, ProjectView):
            return (view.id, None, None)
        if isinstance(view, SessionView):
            return (view.project_id, view.id, None)
        row = await self.fetch_one(
            "SELECT project_id FROM sessions WHERE id = %s", [view.session_id]
        )
        return (row["project_id"], view.session_id, view.id)

    async def append_log(self, rows: Sequence[LogRow]) -> None:
        """Append agent log events (written, after any earlier event of this unit of work,
        when it ends)."""
        self.events.add(rows)

    async def append_log_isolated(self, rows: Sequence[LogRow], replace: Replace) -> None:
        """Append log rows each of which is written in a savepoint of its own; a row the
        table refuses is replaced by `replace(row, error)`, so one bad entry cannot hold
        back the rest."""
        self.events.add(rows, replace)

    async def notify(self, channel: str, payload: str = "") -> None:
        """A NOTIFY delivered when (and only if) this transaction commits."""
        await self.conn.execute("SELECT pg_notify(%s, %s)", (channel, payload))

    async def feed_token(self) -> str:
        """A feed position before every event this transaction writes: its positions are
        taken at its end, above whatever the counter reads now."""
        row = await self.fetch_one("SELECT last_position FROM feed_counter")
        return Cursor(int(row["last_position"])).token


def _lifecycle_sources(view: type[Any], values: Mapping[str, Any]) -> list[str] | None:
    """The statuses a row may have for `values` to set its status; None if no status is set."""
    if "status" not in values:
        return None
    if view is SessionView:
        return sorted(SESSION_SOURCES[SessionStatus(values["status"])])
    if view is AgentView:
        return sorted(AGENT_SOURCES[AgentStatus(values["status"])])
    return None


def _placeholder(value: Any) -> sql.Composable:
    return NOW if value is NOW else sql.Placeholder()


class Store:
    """The orchestrator's connection pool (writer role)."""

    def __init__(self, url: str, *, max_size: int = 10) -> None:
        self.pool: AsyncConnectionPool[AsyncConnection[DictRow]] = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            open=False,
            kwargs={"autocommit": True, "row_factory": dict_row},
            connection_class=AsyncConnection[DictRow],
        )

    async def open(self) -> None:
        await self.pool.open(wait=True, timeout=30)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[UnitOfWork]:
        """A unit of work: commits when the block ends, rolls back if it raises."""
        async with self.pool.connection() as conn, conn.transaction():
            uow = UnitOfWork(conn)
            yield uow
            # Last, right before COMMIT: see pending_events.py for why nothing may follow.
            await uow.events.write(conn)
