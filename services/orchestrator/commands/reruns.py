"""Handlers of the commands that run more of a stopped session: resume, retry, debug.

Each queues the agent to run (a resumed, retried or debug agent) and the session, in
one transaction; a worker claims it like any queued session.
"""

from __future__ import annotations

from pathlib import Path

from services.orchestrator.agents.prompts import resume_prompt, task_prompt
from services.orchestrator.commands.context import (
    CommandContext,
    accepted,
    check_prompt,
    locked_session,
    requeue,
)
from services.orchestrator.commands.refusals import BadRequest, Conflict
from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import UnitOfWork
from shared.config.settings import Settings
from shared.contract.enums import PIPELINE, AgentKind, AgentStatus
from shared.contract.lifecycle import ACTIVE, CLOSED, RESUMABLE, RETRYABLE, names
from shared.contract.wire import Accepted, AgentView, RetryPhase, SessionView, StartDebug


async def resume_session(ctx: CommandContext, ref: str) -> Accepted:
    """Continue an interrupted, failed or cancelled session where it stopped.

    The last pipeline agent, if unfinished, is continued in its own Claude conversation
    (the SDK's `resume` with its stored Claude session id); later phases follow."""
    async with ctx.store.unit() as uow:
        session = await locked_session(uow, ref)
        if session.status not in RESUMABLE:
            raise Conflict(f"session is {session.status.value}; only {names(RESUMABLE)} resume")
        token = await uow.feed_token()
        pipeline = [a for a in await lookups.agents_of(uow, session.id) if a.kind in PIPELINE]
        last = pipeline[-1] if pipeline else None
        if last is not None and last.status is not AgentStatus.COMPLETED:
            # Without a Claude session to continue (it died before its CLI started),
            # the phase (or round) starts over with its own task.
            if last.claude_session_id:
                prompt = resume_prompt(last.kind)
            elif last.round is not None:
                prompt = last.prompt
            else:
                prompt = task_prompt(last.kind, Path(session.artifact_dir), session.prompt)
            await uow.insert(
                AgentView,
                {
                    "session_id": session.id,
                    "kind": last.kind.value,
                    "resumed_from": last.id,
                    "round": last.round.value if last.round else None,
                    "prompt": prompt,
                    "model": ctx.settings.model,
                },
            )
        session = await requeue(uow, session)
    ctx.dispatcher.wake()
    return accepted(session, token)


async def retry_phase(ctx: CommandContext, ref: str, command: RetryPhase) -> Accepted:
    """Run one of the session's phases again from scratch, then the phases after it."""
    async with ctx.store.unit() as uow:
        session = await locked_session(uow, ref)
        if command.phase not in session.phases:
            raise BadRequest(f"{command.phase.value} is not a phase of this session", field="phase")
        if session.status in CLOSED:
            raise Conflict(f"session is {session.status.value}: its worktree is gone")
        if session.status not in RETRYABLE:
            raise Conflict(f"session is {session.status.value}; wait for it to stop")
        token = await uow.feed_token()
        await _queue_agent(uow, session, command.phase, session.prompt, ctx.settings)
        session = await requeue(uow, session)
    ctx.dispatcher.wake()
    return accepted(session, token)


async def start_debug(ctx: CommandContext, ref: str, command: StartDebug) -> Accepted:
    """Queue a debug agent on the session; it runs after any agent running now."""
    check_prompt(command.prompt, ctx.settings)
    async with ctx.store.unit() as uow:
        session = await locked_session(uow, ref)
        if session.status in CLOSED:
            raise Conflict(f"session is {session.status.value}: its worktree is gone")
        token = await uow.feed_token()
        await _queue_agent(uow, session, AgentKind.DEBUG, command.prompt, ctx.settings)
        if session.status not in ACTIVE:
            session = await requeue(uow, session)
    ctx.dispatcher.wake()
    return accepted(session, token)


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
