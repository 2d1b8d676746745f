"""The rows the fuzz tests start from: projects, a queued session, an agent, files.

The database holds a project, a session, an agent with events and an artifact file, so
generated requests that name them reach real rows (see tests/fuzz/conftest.py).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from services.orchestrator.db import changes
from services.orchestrator.db.unit_of_work import Store
from shared.contract.enums import FileStatus
from shared.contract.review import FileDiff
from tests.support import factories
from tests.support.stack import Stack, git_project

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
    gate_names: list[str]
    """Gates of `demo`: one for PATCH, one a DELETE may remove."""
    """A second project, named only in bodies: one the fuzzer does not archive."""
    token: str
    """A feed token of an existing event."""


async def _seed_agent(database_url: str, session_id: int) -> int:
    """A finished agent of the session, and a file the session changed (named `spec.md`,
    like the artifact, so the generator's known paths reach both)."""
    store = Store(database_url)
    await store.open()
    try:
        agent = await factories.agent(store, session_id, status="completed")
        change = FileDiff(
            path="spec.md", old_path=None, status=FileStatus.ADDED, insertions=1, deletions=0,
            binary=False, truncated=False, patch="diff --git a/spec.md b/spec.md\n",
            patch_bytes=31,
        )  # fmt: skip
        async with store.unit() as uow:
            await changes.replace_session_files(uow, session_id, [change])
    finally:
        await store.close()
    return agent.id


def seed(stack: Stack) -> Seeded:
    """Projects `demo` (with gates `tests` and `doomed`) and `spare`, a queued session on
    `demo` with an agent, events and artifact files."""
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
    for name in ("tests", "doomed"):
        status, gate = stack.command(
            f"/api/projects/{project['slug']}/gates", {"name": name, "command": "true"}
        )
        assert status == 201, gate
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
        gate_names=["tests", "doomed"],
        token=events["items"][0]["token"],
    )
