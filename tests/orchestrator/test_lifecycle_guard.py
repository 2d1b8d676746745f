"""Every status the orchestrator writes is checked against the lifecycle, in the database
transaction that writes it: an illegal move raises and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from psycopg import sql

from services.orchestrator.db.unit_of_work import Store
from shared.contract.enums import AgentStatus, SessionStatus
from shared.contract.lifecycle import IllegalMove
from shared.contract.wire import AgentView, SessionView
from tests.support import factories


async def _events(store: Store) -> int:
    async with store.unit() as uow:
        row = await uow.fetch_one("SELECT count(*) AS n FROM events")
    return int(row["n"])


async def test_an_illegal_session_move_raises_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    project = await factories.project(store, tmp_path)
    session = await factories.session(store, project.id, "done", status="completed")
    before = await _events(store)
    with pytest.raises(IllegalMove, match="completed to running"):
        async with store.unit() as uow:
            await uow.update(SessionView, session.id, {"status": SessionStatus.RUNNING.value})
    async with store.unit() as uow:
        found = await uow.view(SessionView, sql.SQL("id = %s"), [session.id])
    assert found is not None
    assert found.status is SessionStatus.COMPLETED
    assert await _events(store) == before


async def test_a_legal_move_is_written(store: Store, tmp_path: Path) -> None:
    project = await factories.project(store, tmp_path)
    session = await factories.session(store, project.id, "again", status="completed")
    async with store.unit() as uow:
        moved = await uow.update(SessionView, session.id, {"status": SessionStatus.QUEUED.value})
    assert moved is not None
    assert moved.status is SessionStatus.QUEUED


async def test_a_finished_agent_cannot_run_again(store: Store, tmp_path: Path) -> None:
    project = await factories.project(store, tmp_path)
    session = await factories.session(store, project.id, "agent", status="running")
    async with store.unit() as uow:
        agent = await uow.insert(
            AgentView,
            {"session_id": session.id, "kind": "spec", "status": "completed", "prompt": "p"},
        )
    with pytest.raises(IllegalMove, match="completed to running"):
        async with store.unit() as uow:
            await uow.update(AgentView, agent.id, {"status": AgentStatus.RUNNING.value})
