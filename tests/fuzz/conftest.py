"""Fixtures of the fuzz tests: both services as real processes over a seeded database.

The services are tests.support.stack's Stack (each its own `python -m services.<name>` on a free
port of 127.0.0.1, allowed roots under a temporary directory), with
`max_running_agents=0` so a session the fuzzer starts waits in the queue instead of
launching a Claude Code CLI. The database holds a project, a session, an agent with
events and an artifact file, so generated requests that name them reach real rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.orchestrator.db.unit_of_work import Store
from tests.support import factories
from tests.support.stack import Stack, git_project, running_stack

NO_AGENTS = {"PILOTHOUSE_MAX_RUNNING_AGENTS": "0"}


@dataclass(frozen=True)
class Seeded:
    """The running services and the rows generated requests may name."""

    stack: Stack
    project_id: int
    project_slug: str
    session_id: int
    session_slug: str
    agent_id: int
    spare_project_id: int
    spare_project_slug: str
    """A second project, named only in bodies: one the fuzzer does not archive."""
    token: str
    """A feed token of an existing event."""


async def _seed_agent(database_url: str, session_id: int) -> int:
    store = Store(database_url)
    await store.open()
    try:
        agent = await factories.agent(store, session_id, status="completed")
    finally:
        await store.close()
    return agent.id


def seed(stack: Stack) -> Seeded:
    """Projects `demo` and `spare`, a queued session on `demo` with an agent, events and
    artifact files."""
    status, project = stack.command(
        "/api/projects", {"path": str(git_project(stack.projects_root, "demo"))}
    )
    assert status == 201, project
    status, spare = stack.command(
        "/api/projects", {"path": str(git_project(stack.projects_root, "spare"))}
    )
    assert status == 201, spare
    status, session = stack.command(
        "/api/sessions", {"project": project["slug"], "prompt": "fuzz me", "phases": ["spec"]}
    )
    assert status == 202, session
    agent_id = asyncio.run(_seed_agent(stack.database_url, session["id"]))
    detail = stack.get(f"/api/sessions/{session['id']}")
    artifacts = Path(detail["session"]["artifact_dir"])
    (artifacts / "context").mkdir(parents=True, exist_ok=True)
    (artifacts / "spec.md").write_text("# Spec\n")
    (artifacts / "context" / "notes.md").write_text("notes\n")
    events = stack.get(f"/api/agents/{agent_id}/events")
    assert events["items"], events
    return Seeded(
        stack=stack,
        project_id=project["id"],
        project_slug=project["slug"],
        session_id=session["id"],
        session_slug=session["slug"],
        agent_id=agent_id,
        spare_project_id=spare["id"],
        spare_project_slug=spare["slug"],
        token=events["items"][0]["token"],
    )


@pytest.fixture(scope="module")
def seeded(
    pg_server: str, template_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    """Both services on a fresh seeded database, once per test module. Afterwards their
    logs must hold no error: a failure answered with a 4xx, or one in a background task
    (a WebSocket's backfill), would not show in any response."""
    workdir = tmp_path_factory.mktemp("fuzz").resolve()
    with running_stack(pg_server, template_db, workdir, overrides=NO_AGENTS) as stack:
        yield seed(stack)
    logs = {name: (workdir / f"{name}.log").read_text() for name in ("read", "orchestrator")}
    for name, text in logs.items():
        errors = [line for line in text.splitlines() if "Traceback" in line or " ERROR " in line]
        assert not errors, f"{name} log:\n{text[-4000:]}"
