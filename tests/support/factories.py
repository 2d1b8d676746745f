"""Rows for tests that start from a given state (a running session, a dead worker's work)."""

from __future__ import annotations

from pathlib import Path

from services.orchestrator.db.unit_of_work import Store
from shared.contract.wire import AgentView, ProjectView, SessionView


async def project(store: Store, path: Path, slug: str = "demo") -> ProjectView:
    async with store.unit() as uow:
        return await uow.insert(
            ProjectView, {"slug": slug, "name": slug, "path": str(path), "status": "ready"}
        )


async def session(
    store: Store,
    project_id: int,
    slug: str,
    *,
    status: str = "queued",
    phases: tuple[str, ...] = ("spec",),
    worker_id: int | None = None,
    artifacts: Path | None = None,
) -> SessionView:
    async with store.unit() as uow:
        return await uow.insert(
            SessionView,
            {
                "slug": slug,
                "project_id": project_id,
                "title": slug,
                "prompt": "do it",
                "phases": list(phases),
                "artifact_dir": str(artifacts or Path("/tmp") / slug),
                "model_mode": "scripted",
                "status": status,
                "worker_id": worker_id,
            },
        )


async def agent(
    store: Store,
    session_id: int,
    kind: str = "spec",
    *,
    status: str = "running",
    claude_session_id: str | None = None,
) -> AgentView:
    async with store.unit() as uow:
        return await uow.insert(
            AgentView,
            {
                "session_id": session_id,
                "kind": kind,
                "status": status,
                "prompt": "work",
                "claude_session_id": claude_session_id,
            },
        )
