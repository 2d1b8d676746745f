"""Handlers of the commands that start and stop sessions.

Each is one transaction, answered at once with `Accepted`: start leaves the session
`queued` for a worker to claim; cancel stops a queued one, or marks a running one's
agent for its worker to stop.
"""

from __future__ import annotations

from services.orchestrator.commands.context import (
    CommandContext,
    accepted,
    check_prompt,
    locked_session,
)
from services.orchestrator.commands.refusals import BadRequest, Conflict, NotFound
from services.orchestrator.commands.slugs import slugify, with_suffix
from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import NOW
from services.orchestrator.running.liveness import CONTROL_CHANNEL, cancel_message
from shared.contract.enums import PIPELINE, AgentKind, AgentStatus, SessionStatus
from shared.contract.lifecycle import CANCELLABLE
from shared.contract.wire import Accepted, AgentView, SessionView, StartSession

TITLE_CHARS = 80


def check_phases(phases: list[AgentKind] | None) -> list[AgentKind]:
    """The requested phases, which must be a non-empty subsequence of spec, plan, build, docs."""
    if phases is None:
        return list(PIPELINE)
    if not phases:
        raise BadRequest("phases must not be empty", field="phases")
    for phase in phases:
        if phase not in PIPELINE:
            raise BadRequest(f"{phase.value} is not a pipeline phase", field="phases")
    order = [PIPELINE.index(phase) for phase in phases]
    if order != sorted(set(order)):
        raise BadRequest("phases must be in pipeline order, each once", field="phases")
    return phases


async def start_session(ctx: CommandContext, command: StartSession) -> Accepted:
    """Queue a new session on a project; a worker claims it."""
    check_prompt(command.prompt, ctx.settings)
    phases = check_phases(command.phases)
    title = command.title or command.prompt.strip().splitlines()[0][:TITLE_CHARS] or "session"
    slug = with_suffix(slugify(title, "session"))
    async with ctx.store.unit() as uow:
        project = await lookups.project(uow, command.project)
        if project is None:
            raise NotFound(f"no project {command.project!r}", field="project")
        if project.archived_at is not None:
            raise Conflict(f"project {project.slug!r} is archived", field="project")
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
