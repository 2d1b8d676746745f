"""Work left running by a dead worker is marked interrupted (or cancelled); live work is not."""

from __future__ import annotations

from pathlib import Path

import psycopg
from litestar.testing import AsyncTestClient

from services.orchestrator.app import create_app
from services.orchestrator.commands import reruns
from services.orchestrator.commands.context import CommandContext
from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.running.liveness import LOCK_NAMESPACE
from services.orchestrator.running.recovery import LOST_WORKER, recover_orphans
from shared.config.settings import Settings
from shared.contract.enums import ModelMode
from tests.support import factories
from tests.support.databases import TestDatabase
from tests.support.db_reads import one, rows
from tests.support.orchestrator import AUTH, orchestrator_settings
from tests.support.waiting import eventually

DEAD, LIVE, ME = 1001, 1002, 1003


class _Dispatcher:
    def wake(self) -> None:
        return None

    def cancel_local(self, session_id: int) -> bool:
        return False

    def answered(self, request_id: int) -> None:
        return None


async def test_dead_workers_sessions_are_interrupted_live_ones_kept(
    store: Store, database: TestDatabase, tmp_path: Path
) -> None:
    project = await factories.project(store, tmp_path)
    dead = await factories.session(store, project.id, "dead", status="running", worker_id=DEAD)
    dead_agent = await factories.agent(store, dead.id, claude_session_id="claude-1")
    live = await factories.session(store, project.id, "live", status="running", worker_id=LIVE)
    await factories.agent(store, live.id)
    queued = await factories.session(store, project.id, "waiting")

    with psycopg.connect(database.url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, LIVE))
        assert await recover_orphans(store, ME) == [dead.id]

    statuses = await rows(database.url, "SELECT slug, status, error FROM sessions ORDER BY id")
    assert statuses == [
        {"slug": "dead", "status": "interrupted", "error": LOST_WORKER},
        {"slug": "live", "status": "running", "error": None},
        {"slug": "waiting", "status": "queued", "error": None},
    ]
    agent = await one(database.url, "SELECT * FROM agents WHERE id = %s", (dead_agent.id,))
    assert agent["status"] == "interrupted"
    assert agent["claude_session_id"] == "claude-1"
    assert agent["finished_at"] is not None
    log = await rows(
        database.url,
        "SELECT kind, session_id, project_id, payload FROM events"
        " WHERE agent_id = %s AND kind IN ('error', 'phase') ORDER BY position",
        (dead_agent.id,),
    )
    assert [(row["kind"], row["session_id"], row["project_id"]) for row in log] == [
        ("error", dead.id, project.id),
        ("phase", dead.id, project.id),
    ]
    assert log[1]["payload"] == {"phase": "spec", "state": "interrupted", "agent_id": dead_agent.id}
    assert queued.status == "queued"


async def test_a_cancel_recorded_before_the_crash_wins(
    store: Store, database: TestDatabase, tmp_path: Path
) -> None:
    project = await factories.project(store, tmp_path)
    session = await factories.session(store, project.id, "s", status="running", worker_id=DEAD)
    await factories.agent(store, session.id, status="cancelled")
    await recover_orphans(store, ME)
    row = await one(database.url, "SELECT status, error FROM sessions WHERE id = %s", (session.id,))
    assert row == {"status": "cancelled", "error": None}


async def test_resume_continues_the_interrupted_agent(
    store: Store, database: TestDatabase, tmp_path: Path
) -> None:
    project = await factories.project(store, tmp_path)
    session = await factories.session(
        store, project.id, "s", status="running", worker_id=DEAD, phases=("spec", "plan", "build")
    )
    done = await factories.agent(
        store, session.id, "spec", status="completed", claude_session_id="c-spec"
    )
    stopped = await factories.agent(store, session.id, "plan", claude_session_id="c-plan")
    await recover_orphans(store, ME)

    ctx = CommandContext(store, Settings(), ModelMode.SCRIPTED, _Dispatcher())
    accepted = await reruns.resume_session(ctx, "s")
    assert accepted.status == "queued"
    agents = await rows(
        database.url,
        "SELECT id, kind, status, resumed_from, prompt FROM agents"
        " WHERE session_id = %s ORDER BY id",
        (session.id,),
    )
    assert [(a["kind"], a["status"], a["resumed_from"]) for a in agents] == [
        ("spec", "completed", None),
        ("plan", "interrupted", None),
        ("plan", "queued", stopped.id),
    ]
    assert "continue" in agents[-1]["prompt"]
    assert done.id == agents[0]["id"]


async def test_a_pipeline_that_cannot_run_leaves_the_session_interrupted(
    tmp_path: Path, workspace: Path, database: TestDatabase, project_dir: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("artifact directories cannot go under a file")
    settings = orchestrator_settings(
        tmp_path, workspace, database, max_running_agents=1, artifacts_dir=blocker
    )
    async with AsyncTestClient(create_app(settings)) as client:
        await client.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
        started = await client.post(
            "/api/sessions",
            json={"project": "demo", "prompt": "x", "phases": ["spec"]},
            headers=AUTH,
        )
        session_id = started.json()["id"]

        async def interrupted() -> dict[str, object] | None:
            row = await one(
                database.url, "SELECT status, error FROM sessions WHERE id = %s", (session_id,)
            )
            return row if row["status"] == "interrupted" else None

        row = await eventually(interrupted, within=30)
    assert "orchestrator error" in str(row["error"])
    agent = await one(
        database.url, "SELECT status FROM agents WHERE session_id = %s", (session_id,)
    )
    assert agent == {"status": "interrupted"}
