"""Handlers of the session commands: start, cancel, resume, retry a phase, debug.

Each is one transaction that leaves the session `queued` for a worker to claim (or
records a cancellation), answered at once with `Accepted`; the agents run later.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from services.orchestrator import lookups
from services.orchestrator.agents.prompts import resume_prompt, task_prompt
from services.orchestrator.errors import BadRequest, Conflict, NotFound, TooLarge
from services.orchestrator.slugs import slugify, with_suffix
from services.orchestrator.store import NOW, Store, UnitOfWork
from services.orchestrator.worker import CONTROL_CHANNEL, cancel_message
from shared.enums import PIPELINE, AgentKind, AgentStatus, ModelMode, SessionStatus
from shared.settings import Settings
from shared.wire import (
    Accepted,
    AgentView,
    RetryPhase,
    SessionView,
    StartDebug,
    StartSession,
)

TITLE_CHARS = 80
RESTARTABLE = frozenset({SessionStatus.INTERRUPTED, SessionStatus.FAILED, SessionStatus.CANCELLED})
"""States a session may be resumed or retried from."""


class Dispatcher(Protocol):
    """What commands tell the local worker after they commit."""

    def wake(self) -> None:
        """Queued work exists: claim it now rather than at the next poll."""

    def cancel_local(self, session_id: int) -> bool:
        """Stop the session's agent if it runs in this process; False if it does not."""


@dataclass(frozen=True)
class CommandContext:
    store: Store
    settings: Settings
    model_mode: ModelMode
    dispatcher: Dispatcher


def check_prompt(prompt: str, settings: Settings) -> None:
    size = len(prompt.encode())
    if size > settings.max_prompt_bytes:
        raise TooLarge(
            f"prompt is {size} bytes; the limit is {settings.max_prompt_bytes}", field="prompt"
        )


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


async def _session(uow: UnitOfWork, ref: str) -> SessionView:
    found = await lookups.session(uow, ref, lock=True)
    if found is None:
        raise NotFound(f"no session {ref!r}")
    return found


async def _requeue(uow: UnitOfWork, session: SessionView) -> SessionView:
    requeued = await uow.update(
        SessionView,
        session.id,
        {"status": SessionStatus.QUEUED.value, "error": None, "finished_at": None},
    )
    await uow.notify(CONTROL_CHANNEL, "queue")
    assert requeued is not None
    return requeued


def _accepted(session: SessionView, token: str) -> Accepted:
    return Accepted(id=session.id, slug=session.slug, status=session.status.value, token=token)


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
    return _accepted(session, token)


async def cancel_session(ctx: CommandContext, ref: str) -> Accepted:
    """Cancel a queued session at once; a running one has its agent stopped by its worker."""
    async with ctx.store.unit() as uow:
        session = await _session(uow, ref)
        token = await uow.feed_token()
        if session.status in (SessionStatus.COMPLETED, SessionStatus.FAILED):
            raise Conflict(f"session is already {session.status.value}")
        if session.status is SessionStatus.CANCELLED:
            return _accepted(session, token)
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
    return _accepted(session, token)


async def resume_session(ctx: CommandContext, ref: str) -> Accepted:
    """Continue an interrupted, failed or cancelled session where it stopped.

    The last pipeline agent, if unfinished, is continued in its own Claude conversation
    (the SDK's `resume` with its stored Claude session id); later phases follow."""
    async with ctx.store.unit() as uow:
        session = await _session(uow, ref)
        if session.status not in RESTARTABLE:
            raise Conflict(f"session is {session.status.value}; only {_names(RESTARTABLE)} resume")
        token = await uow.feed_token()
        pipeline = [a for a in await lookups.agents_of(uow, session.id) if a.kind in PIPELINE]
        last = pipeline[-1] if pipeline else None
        if last is not None and last.status is not AgentStatus.COMPLETED:
            # Without a Claude session to continue (it died before its CLI started),
            # the phase starts over with its own task.
            prompt = (
                resume_prompt(last.kind)
                if last.claude_session_id
                else task_prompt(last.kind, Path(session.artifact_dir), session.prompt)
            )
            await uow.insert(
                AgentView,
                {
                    "session_id": session.id,
                    "kind": last.kind.value,
                    "resumed_from": last.id,
                    "prompt": prompt,
                    "model": ctx.settings.model,
                },
            )
        session = await _requeue(uow, session)
    ctx.dispatcher.wake()
    return _accepted(session, token)


async def retry_phase(ctx: CommandContext, ref: str, command: RetryPhase) -> Accepted:
    """Run one of the session's phases again from scratch, then the phases after it."""
    async with ctx.store.unit() as uow:
        session = await _session(uow, ref)
        if command.phase not in session.phases:
            raise BadRequest(f"{command.phase.value} is not a phase of this session", field="phase")
        if session.status not in (*RESTARTABLE, SessionStatus.COMPLETED):
            raise Conflict(f"session is {session.status.value}; wait for it to stop")
        token = await uow.feed_token()
        await _queue_agent(uow, session, command.phase, session.prompt, ctx.settings)
        session = await _requeue(uow, session)
    ctx.dispatcher.wake()
    return _accepted(session, token)


async def start_debug(ctx: CommandContext, ref: str, command: StartDebug) -> Accepted:
    """Queue a debug agent on the session; it runs after any agent running now."""
    check_prompt(command.prompt, ctx.settings)
    async with ctx.store.unit() as uow:
        session = await _session(uow, ref)
        token = await uow.feed_token()
        await _queue_agent(uow, session, AgentKind.DEBUG, command.prompt, ctx.settings)
        if session.status not in (SessionStatus.QUEUED, SessionStatus.RUNNING):
            session = await _requeue(uow, session)
    ctx.dispatcher.wake()
    return _accepted(session, token)


async def _queue_agent(
    uow: UnitOfWork, session: SessionView, kind: AgentKind, request: str, settings: Settings
) -> AgentView:
    return await uow.insert(
        AgentView,
        {
            "session_id": session.id,
            "kind": kind.value,
            "prompt": task_prompt(kind, Path(session.artifact_dir), request),
            "model": settings.model,
        },
    )


def _names(statuses: frozenset[SessionStatus]) -> str:
    return ", ".join(sorted(status.value for status in statuses))
