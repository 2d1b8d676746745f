"""Where a claimed session's agents work: its artifact directory and its workspace.

Before the first agent of a claim: a session on a git project gets its worktree (made on
its branch, or found again, or checked out again from the branch after a prune), then
its setup — the project's files copied, its setup command run with the output journaled
live — unless that already succeeded. A session that is not isolated works in the
project directory, and its log says so. (After each agent: agent_commit.py.)
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from services.orchestrator.db import changes
from services.orchestrator.db.agent_log import Journal
from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.workspaces import setup
from services.orchestrator.workspaces.git_process import GitFailed
from services.orchestrator.workspaces.repository import probe
from services.orchestrator.workspaces.worktrees import (
    Made,
    WorkspaceError,
    disk_usage,
    ensure,
    inside,
    worktree_path,
)
from shared.config.child_environment import child_environment
from shared.config.settings import Settings
from shared.contract.enums import EventKind
from shared.contract.payloads import SetupOutputPayload, WorkspacePayload
from shared.contract.wire import ProjectView, SessionView

log = logging.getLogger(__name__)


ARTIFACT_SUBDIRS = ("context", "debug", "research")


def prepare_artifacts(session: SessionView) -> Path:
    """The session's artifact directory, with its subdirectories and a first state.json."""
    root = Path(session.artifact_dir)
    for name in ARTIFACT_SUBDIRS:
        (root / name).mkdir(parents=True, exist_ok=True)
    state = root / "state.json"
    if not state.exists():
        first = {"session": session.slug, "phase": None, "status": "started", "notes": ""}
        state.write_text(json.dumps(first, indent=2) + "\n")
    return root


class WorkspaceFailed(Exception):
    """The session's workspace could not be made ready; its agents cannot run."""


@dataclass(frozen=True)
class Place:
    """Where a claimed session's agents work."""

    workdir: Path
    """Their working directory: the project's directory inside the worktree, or the
    project itself when the session is not isolated."""
    worktree: Path | None
    keep_out: tuple[str, ...] = ()
    """The setup files copied into the worktree: never committed."""


class Workspaces:
    def __init__(self, store: Store, journal: Journal, settings: Settings) -> None:
        self._store = store
        self._journal = journal
        self._settings = settings

    async def _note(self, scope: AgentScope, payload: WorkspacePayload) -> None:
        async with self._store.unit() as uow:
            await uow.append_log([scope.row(EventKind.WORKSPACE, payload)])

    async def prepare(self, session: SessionView, project: ProjectView) -> Place:
        """Make the session's workspace ready; raises WorkspaceFailed with the reason."""
        scope = AgentScope(project.id, session.id, None)
        if not session.isolated:
            await self._note(scope, WorkspacePayload(action="in_place", path=project.path))
            return Place(Path(project.path), None)
        try:
            return await self._ready(session, project, scope)
        except (GitFailed, WorkspaceError, OSError) as exc:
            raise WorkspaceFailed(f"could not make the session's worktree: {exc}") from exc

    async def _ready(self, session: SessionView, project: ProjectView, scope: AgentScope) -> Place:
        repo = await probe(Path(project.path))
        if repo is None or session.branch is None or session.base_commit is None:
            raise WorkspaceError(f"{project.path} is no longer a git repository")
        root = self._settings.worktrees_root
        path = Path(session.worktree or worktree_path(root, project.slug, session.slug))
        if inside(path, repo.top):
            raise WorkspaceError(
                f"the worktrees directory {root} lies inside the project: set"
                " PILOTHOUSE_WORKTREES_DIR to a directory outside it"
            )
        made = await ensure(repo.top, path, session.branch, session.base_commit)
        async with self._store.unit() as uow:
            if made is not Made.EXISTING:
                await uow.update(SessionView, session.id, {"worktree": str(path)})
                await changes.set_ready(uow, session.id, ready=False)
                note = WorkspacePayload(
                    action=made.action, path=str(path), branch=session.branch,
                    base_ref=session.base_ref, base_commit=session.base_commit,
                )  # fmt: skip
                await uow.append_log([scope.row(EventKind.WORKSPACE, note)])
            ready = (await changes.workspace(uow, session.id)).ready
        if not ready:
            await self._setup(session, project, scope, path)
        return Place(path / repo.prefix, path, tuple(project.setup_files))

    async def _setup(
        self, session: SessionView, project: ProjectView, scope: AgentScope, path: Path
    ) -> None:
        if project.setup_files:
            copied = await asyncio.to_thread(
                setup.copy_files, Path(project.path), path, project.setup_files
            )
            note = WorkspacePayload(
                action="files_copied", files=copied.files, missing=copied.missing
            )
            await self._note(scope, note)
        if project.setup_command:
            await self._run_setup(scope, project.setup_command, path)
        size = await asyncio.to_thread(disk_usage, path)
        async with self._store.unit() as uow:
            await changes.set_ready(uow, session.id, ready=True)
            await uow.update(SessionView, session.id, {"worktree_bytes": size})

    async def _run_setup(self, scope: AgentScope, command: str, path: Path) -> None:
        await self._note(scope, WorkspacePayload(action="setup_started", command=command))
        output = self._journal.for_agent(scope)

        async def line(text: str) -> None:
            await output.append(EventKind.SETUP_OUTPUT, SetupOutputPayload(line=text))

        try:
            result = await setup.run_command(
                command,
                path,
                line,
                self._settings.setup_timeout,
                env=child_environment(self._settings, model=False),
            )
        finally:
            await output.close()
        done = WorkspacePayload(
            action="setup_finished" if result.exit_code == 0 else "setup_failed",
            command=command, exit_code=result.exit_code, duration_ms=result.duration_ms,
            reason=None if result.exit_code == 0 else result.tail,
        )  # fmt: skip
        await self._note(scope, done)
        if result.exit_code != 0:
            how = (
                f"timed out after {self._settings.setup_timeout:.0f} s"
                if result.timed_out
                else f"exited with code {result.exit_code}"
            )
            raise WorkspaceFailed(f"setup command `{command}` {how}:\n{result.tail}")
