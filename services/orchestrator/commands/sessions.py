"""Handlers of the commands that start and stop sessions.

Each is one transaction, answered at once with `Accepted`: start leaves the session
`queued` for a worker to claim; cancel stops a queued one, or marks a running one's
agent for its worker to stop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from services.orchestrator.commands.context import (
    CommandContext,
    accepted,
    check_prompt,
    locked_session,
)
from services.orchestrator.commands.refusals import BadRequest, Conflict, NotFound
from services.orchestrator.commands.slugs import slugify, with_suffix
from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import NOW, UnitOfWork
from services.orchestrator.running.liveness import CONTROL_CHANNEL, cancel_message
from services.orchestrator.workspaces.repository import (
    NoCommits,
    UnknownBase,
    has_path,
    probe,
    resolve_base,
)
from services.orchestrator.workspaces.worktrees import inside
from shared.config.settings import Settings
from shared.contract.enums import (
    PIPELINE,
    AgentKind,
    AgentStatus,
    ModelMode,
    PipelinePhase,
    SessionStatus,
)
from shared.contract.lifecycle import CANCELLABLE
from shared.contract.wire import Accepted, AgentView, ProjectView, SessionView, StartSession

TITLE_CHARS = 80


def check_phases(phases: list[PipelinePhase] | None) -> list[AgentKind]:
    """The requested phases (pipeline phases, at least one: their type says so), each
    once, in pipeline order (spec, plan, build, docs) whatever order they were given in:
    the document can say "each once" (uniqueItems) but not an order."""
    if phases is None:
        return list(PIPELINE)
    kinds = {AgentKind(phase) for phase in phases}
    if len(kinds) != len(phases):
        raise BadRequest("each phase may be given once", field="phases")
    return [kind for kind in PIPELINE if kind in kinds]


async def _live_project(uow: UnitOfWork, ref: str) -> ProjectView:
    project = await lookups.project(uow, ref)
    if project is None:
        raise NotFound(f"no project {ref!r}", field="project")
    if project.archived_at is not None:
        raise Conflict(f"project {project.slug!r} is archived", field="project")
    return project


async def workspace_of(
    project: ProjectView, base: str | None, slug: str, settings: Settings
) -> dict[str, Any]:
    """The new session's workspace columns: its branch and resolved base when the project
    is in a git repository (the worktree itself is made when a worker claims it), else
    not isolated. Reads the repository only; refuses before anything is written."""
    repo = await probe(Path(project.path))
    if repo is None:
        if base is not None:
            raise BadRequest(
                f"project {project.slug!r} is not a git repository (it runs in place)",
                field="base",
            )
        return {"isolated": False}
    if inside(settings.worktrees_root, repo.top):
        raise Conflict(
            f"the worktrees directory {settings.worktrees_root} lies inside the project's"
            f" repository {repo.top}: set PILOTHOUSE_WORKTREES_DIR to a directory outside it"
        )
    try:
        found = await resolve_base(repo, base)
    except UnknownBase as exc:
        raise BadRequest(str(exc), field="base") from None
    except NoCommits as exc:
        raise Conflict(str(exc), field="base") from None
    if not await has_path(repo.top, found.commit, repo.prefix):
        if base is not None:
            raise BadRequest(f"{repo.prefix} does not exist in {base!r}", field="base")
        # The project's directory is not tracked by the repository around it.
        return {"isolated": False}
    return {
        "isolated": True,
        "base_ref": found.ref,
        "base_commit": found.commit,
        "branch": f"pilothouse/{slug}",
    }


def session_budget(ctx: CommandContext, asked: float | None) -> float | None:
    """The new session's spending limit: its own, else in Claude mode the default."""
    if asked is not None:
        return asked
    default = ctx.settings.session_budget_usd
    return default if ctx.model_mode is ModelMode.CLAUDE and default > 0 else None


async def start_session(ctx: CommandContext, command: StartSession) -> Accepted:
    """Queue a new session on a project; a worker claims it."""
    check_prompt(command.prompt, ctx.settings)
    phases = check_phases(command.phases)
    title = command.title or command.prompt.strip().splitlines()[0][:TITLE_CHARS] or "session"
    slug = with_suffix(slugify(title, "session"))
    async with ctx.store.unit() as uow:
        found = await _live_project(uow, command.project)
    # git runs between the two transactions: none stays open while it does.
    workspace = await workspace_of(found, command.base, slug, ctx.settings)
    async with ctx.store.unit() as uow:
        project = await _live_project(uow, command.project)
        token = await uow.feed_token()
        session = await uow.insert(
            SessionView,
            {
                "slug": slug,
                "project_id": project.id,
                "title": title,
                "prompt": command.prompt,
                "phases": [phase.value for phase in phases],
                "artifact_dir": str(ctx.settings.artifacts_root.resolve() / slug),
                "model_mode": ctx.model_mode.value,
                "max_budget_usd": session_budget(ctx, command.max_budget_usd),
                "supervision": (command.supervision or project.supervision).value,
                **workspace,
            },
        )
        await uow.notify(CONTROL_CHANNEL, "queue")
    ctx.dispatcher.wake()
    return accepted(session, token)


async def cancel_session(ctx: CommandContext, ref: str) -> Accepted:
    """Cancel a queued session at once; a running one has its agent stopped by its worker."""
    async with ctx.store.unit() as uow:
        session = await locked_session(uow, ref)
        token = await uow.feed_token()
        if session.status is SessionStatus.CANCELLED:
            return accepted(session, token)
        if session.status not in CANCELLABLE:
            raise Conflict(f"session is already {session.status.value}")
        for agent in await lookups.agents_of(uow, session.id, lock=True):
            if agent.status in (AgentStatus.QUEUED, AgentStatus.RUNNING):
                # The worker running this agent sees the mark and stops the CLI; the
                # session stays `running` until it has, so nothing can restart it early.
                await uow.update(AgentView, agent.id, {"status": AgentStatus.CANCELLED.value})
        if session.status is SessionStatus.RUNNING:
            await uow.notify(CONTROL_CHANNEL, cancel_message(session.id))
        else:
            updated = await uow.update(
                SessionView,
                session.id,
                {"status": SessionStatus.CANCELLED.value, "finished_at": NOW},
            )
            assert updated is not None
            session = updated
    if session.status is SessionStatus.RUNNING:
        ctx.dispatcher.cancel_local(session.id)
    return accepted(session, token)
