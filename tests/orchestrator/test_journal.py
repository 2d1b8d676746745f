"""The journal writer: batches in order, flushes on a timer, and is all-or-nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import psycopg
import pytest

from services.orchestrator.db import lookups
from services.orchestrator.db.agent_log import AgentLog, Journal
from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.unit_of_work import Store, UnitOfWork
from shared.contract.enums import EventKind
from shared.contract.payloads import TextPayload, ToolUsePayload
from shared.contract.wire import SessionView
from shared.db.schema import MAX_PAYLOAD_BYTES
from tests.support import factories
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.waiting import eventually


@pytest.fixture
async def scope(store: Store, tmp_path: Path) -> AgentScope:
    project = await factories.project(store, tmp_path)
    session = await factories.session(store, project.id, "s", status="running", worker_id=1)
    agent = await factories.agent(store, session.id)
    return AgentScope(project.id, session.id, agent.id)


async def _log(database: TestDatabase, agent_id: int | None) -> list[dict[str, object]]:
    return await rows(
        database.url,
        "SELECT xmin::text AS xid, kind, project_id, session_id, payload FROM events"
        " WHERE agent_id = %s AND kind = 'text' ORDER BY position",
        (agent_id,),
    )


async def test_entries_are_batched_in_order(
    store: Store, database: TestDatabase, scope: AgentScope
) -> None:
    log = Journal(store, max_rows=100, max_delay=10.0).for_agent(scope)
    for number in range(1000):
        await log.append(EventKind.TEXT, TextPayload(text=str(number)))
    await log.close()
    written = await _log(database, scope.agent_id)
    assert [row["payload"]["text"] for row in written] == [str(n) for n in range(1000)]  # type: ignore[index]
    assert len({row["xid"] for row in written}) == 10
    assert {(row["project_id"], row["session_id"]) for row in written} == {
        (scope.project_id, scope.session_id)
    }


async def test_a_lone_entry_is_written_by_the_timer(
    store: Store, database: TestDatabase, scope: AgentScope
) -> None:
    log = Journal(store, max_rows=100, max_delay=0.02).for_agent(scope)
    for number in range(3):
        await log.append(EventKind.TEXT, TextPayload(text=str(number)))

    async def written() -> list[dict[str, object]] | None:
        found = await _log(database, scope.agent_id)
        return found if len(found) == 3 else None

    found = await eventually(written, within=10)
    assert len({row["xid"] for row in found}) == 1
    assert log.pending == 0


async def test_a_flush_cut_short_writes_nothing_and_keeps_the_batch(
    store: Store, database: TestDatabase, scope: AgentScope
) -> None:
    log = AgentLog(store, scope, max_rows=1000, max_delay=10.0)
    for text in ("one", "two", "three"):
        await log.append(EventKind.TEXT, TextPayload(text=text))

    async def lose_the_connection(uow: UnitOfWork) -> None:
        # The COPY went through; the connection dies before the commit.
        await uow.conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    with pytest.raises(psycopg.OperationalError):
        await log.flush(also=lose_the_connection)
    assert await _log(database, scope.agent_id) == []
    assert log.pending == 3

    await log.close()
    texts = [row["payload"]["text"] for row in await _log(database, scope.agent_id)]  # type: ignore[index]
    assert texts == ["one", "two", "three"]


async def test_an_entry_the_table_refuses_does_not_block_the_others(
    store: Store, database: TestDatabase, scope: AgentScope
) -> None:
    log = AgentLog(store, scope, max_rows=1000, max_delay=10.0)
    await log.append(EventKind.TEXT, TextPayload(text="before"))
    # Past the table's payload bound (the messages module clips long text; this does not).
    await log.append(EventKind.TEXT, TextPayload(text="x" * (MAX_PAYLOAD_BYTES * 3)))
    await log.append(EventKind.TEXT, TextPayload(text="after\\with\tescapes é"))
    await log.close()
    written = await rows(
        database.url,
        "SELECT kind, payload FROM events WHERE agent_id = %s AND kind <> 'agent_changed'"
        " ORDER BY position",
        (scope.agent_id,),
    )
    assert [row["kind"] for row in written] == ["text", "error", "text"]
    assert "could not be stored" in written[1]["payload"]["message"]
    assert written[2]["payload"]["text"] == "after\\with\tescapes é"
    assert log.pending == 0


async def test_state_change_commits_with_the_last_entries(
    store: Store, database: TestDatabase, scope: AgentScope
) -> None:
    log = AgentLog(store, scope, max_rows=1000, max_delay=10.0)
    await log.append(EventKind.TEXT, TextPayload(text="last words"))

    async def refuse(uow: UnitOfWork) -> None:
        await uow.notify("nobody", "x")
        raise RuntimeError("the state change failed")

    with pytest.raises(RuntimeError):
        await log.close(also=refuse)
    assert await _log(database, scope.agent_id) == []

    async def finish(uow: UnitOfWork) -> str:
        await uow.conn.execute(
            "UPDATE agents SET status = 'completed' WHERE id = %s", (scope.agent_id,)
        )
        return "done"

    assert await log.close(also=finish) == "done"
    texts = await _log(database, scope.agent_id)
    assert [row["payload"]["text"] for row in texts] == ["last words"]  # type: ignore[index]
    status = await rows(database.url, "SELECT status FROM agents WHERE id = %s", (scope.agent_id,))
    assert status == [{"status": "completed"}]


async def test_a_flush_does_not_wait_for_rows_a_command_has_locked(
    store: Store, database: TestDatabase, scope: AgentScope
) -> None:
    """A command (cancel, say) locks the session and agent rows it will change while the
    agent's journal flushes. The flush holds the feed counter while its COPY checks the
    rows its events name; were the command's lock FOR UPDATE, the flush would wait for the
    command, and the command, once it wants the counter, for the flush: a deadlock."""
    log = AgentLog(store, scope, max_rows=1000, max_delay=10.0)
    await log.append(EventKind.TEXT, TextPayload(text="while a command holds the rows"))
    async with store.unit() as command:
        await lookups.session_by_id(command, scope.session_id, lock=True)
        await lookups.agents_of(command, scope.session_id, lock=True)
        await asyncio.wait_for(log.flush(), timeout=30)
        await command.update(SessionView, scope.session_id, {"error": "cancelled meanwhile"})
    texts = await _log(database, scope.agent_id)
    assert [row["payload"]["text"] for row in texts] == ["while a command holds the rows"]  # type: ignore[index]
    changes = await rows(
        database.url,
        "SELECT payload FROM events WHERE session_id = %s AND kind = 'session_changed'"
        " ORDER BY position DESC LIMIT 1",
        (scope.session_id,),
    )
    assert changes[0]["payload"]["error"] == "cancelled meanwhile"


async def test_copied_entries_are_searchable_as_they_land(
    store: Store, database: TestDatabase, scope: AgentScope
) -> None:
    """The journal's COPY needs no search column: PostgreSQL computes it (migration 0009)."""
    log = Journal(store, max_rows=100, max_delay=10.0).for_agent(scope)
    await log.append(
        EventKind.TOOL_USE,
        ToolUsePayload(tool_use_id="t", name="Bash", input={"command": "alembic upgrade"}),
    )
    await log.append(EventKind.TEXT, TextPayload(text="Nothing to see"))
    await log.close()
    found = await rows(
        database.url,
        "SELECT kind FROM events WHERE agent_id = %s"
        " AND search_vector @@ websearch_to_tsquery('english', 'alembic bash')",
        (scope.agent_id,),
    )
    assert found == [{"kind": "tool_use"}]
