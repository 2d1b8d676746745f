"""Running a claimed session: its agents one after another, each journalled as it goes.

First the session's workspace is made ready (running/workspace.py): its worktree, or
the project directory when it is not isolated. Per agent: start the CLI there with the
phase's options, journal every SDK message, store Claude's session id as soon as the CLI
reports it (so a crash can be resumed), watch for a cancel, commit what the agent
changed on the session's branch, then — in one transaction with the last log entries
and the commit's record — record the outcome and start the next agent
(`phases.advance`). No transaction stays open while an agent or git runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psycopg import sql

from services.orchestrator.agents.messages import Reading, clip
from services.orchestrator.agents.model_runtime import ModelRuntime
from services.orchestrator.agents.options import agent_options
from services.orchestrator.agents.outcome import RunOutcome
from services.orchestrator.agents.runner import ReadingSink, run_agent
from services.orchestrator.db import lookups
from services.orchestrator.db.agent_log import AgentLog, Journal
from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.transcripts import TranscriptStore
from services.orchestrator.db.unit_of_work import Store, UnitOfWork
from services.orchestrator.running import commit_record, phases
from services.orchestrator.running.agent_commit import Ran, commit_run
from services.orchestrator.running.agent_start import before_run
from services.orchestrator.running.notify import Notifier
from services.orchestrator.running.recovery import abandon
from services.orchestrator.running.workspace import (
    Place,
    WorkspaceFailed,
    Workspaces,
    prepare_artifacts,
)
from services.orchestrator.workspaces.commits import head
from shared.config.settings import Settings
from shared.contract.enums import AgentStatus, EventKind
from shared.contract.payloads import ErrorPayload, StderrPayload, UserPayload
from shared.contract.wire import AgentView, SessionView

log = logging.getLogger(__name__)

CANCEL_POLL = 1.0
"""Seconds between checks of the database for a cancel this process was not told about."""

SHUTDOWN = "the orchestrator shut down while this agent ran"


@dataclass(frozen=True)
class Claim:
    """A session this worker claimed, and what its agents need to know about it."""

    session: SessionView
    place: Place
    """Where its agents work: the worktree, or the project when not isolated."""
    artifacts: Path
    worker_id: int
    cancel: asyncio.Event
    """Set when this process hears the session may have been cancelled (a hint to look)."""


class Pipeline:
    """Runs claimed sessions to their end (or until cancelled or shut down)."""

    def __init__(
        self,
        store: Store,
        journal: Journal,
        settings: Settings,
        runtime: ModelRuntime,
        notifier: Notifier,
    ) -> None:
        self._store = store
        self._notifier = notifier
        self._transcripts = TranscriptStore(store)
        self._journal = journal
        self._settings = settings
        self._runtime = runtime
        self._workspaces = Workspaces(store, journal, settings)

    async def run(
        self, session: SessionView, agent: AgentView, worker_id: int, cancel: asyncio.Event
    ) -> None:
        """Run `agent`, then each next agent, until the session stops."""
        try:
            async with self._store.unit() as uow:
                project = await lookups.project(uow, str(session.project_id))
            assert project is not None
            artifacts = prepare_artifacts(session)
            unprepared = Claim(
                session, Place(Path(project.path), None), artifacts, worker_id, cancel
            )
            current: AgentView | None = agent
            try:
                place = await self._workspaces.prepare(session, project)
            except WorkspaceFailed as failed:
                # No agent may run outside its worktree: each one due fails with the reason.
                while current is not None:
                    outcome = RunOutcome(AgentStatus.FAILED, error=str(failed))
                    journal = self._journal.for_agent(self._scope(session, current))
                    current = await self._close(unprepared, journal, current, outcome, None)
            else:
                claim = dataclasses.replace(unprepared, place=place)
                while current is not None:
                    current = await self._run_one(claim, current)
            await self._notifier.session_stopped(session.id)
        except Exception as exc:
            # Not the agent's failure (that ends the agent as failed) but ours: leave the
            # session interrupted, resumable, rather than running with nobody running it.
            log.exception("session %s: the pipeline failed", session.id)
            await abandon(self._store, session.id, worker_id, f"orchestrator error: {exc}")

    @staticmethod
    def _scope(session: SessionView, agent: AgentView) -> AgentScope:
        return AgentScope(session.project_id, session.id, agent.id)

    async def _run_one(self, claim: Claim, agent: AgentView) -> AgentView | None:
        session = claim.session
        journal = self._journal.for_agent(self._scope(session, agent))
        worktree = claim.place.worktree
        started_at = await head(worktree) if worktree is not None else None
        budget = await before_run(
            self._store,
            self._settings,
            session,
            agent,
            worker_id=claim.worker_id,
            fenced=self._runtime.fenced,
        )
        options = agent_options(
            agent.kind,
            project=claim.place.workdir,
            worktree=worktree,
            artifacts=claim.artifacts,
            settings=self._settings,
            runtime=self._runtime,
            budget_usd=budget,
            resume=await self._resume_id(agent),
            transcripts=self._transcripts,
            stderr=lambda line: journal.append_nowait(
                EventKind.STDERR, StderrPayload(line=clip(line)[0])
            ),
        )
        await journal.append(EventKind.USER, UserPayload(text=clip(agent.prompt)[0]))
        stop = asyncio.Event()
        watcher = asyncio.create_task(self._watch(agent.id, claim.cancel, stop))
        try:
            outcome = await run_agent(
                options,
                agent.prompt,
                self._sink(journal, agent),
                stop,
                scripted=self._runtime.scripted,
            )
        except asyncio.CancelledError:
            stopped = RunOutcome(AgentStatus.INTERRUPTED, error=SHUTDOWN)
            await self._close(claim, journal, agent, stopped, started_at)
            raise
        finally:
            watcher.cancel()
        return await self._close(claim, journal, agent, outcome, started_at)

    async def _close(
        self,
        claim: Claim,
        journal: AgentLog,
        agent: AgentView,
        outcome: RunOutcome,
        started_at: str | None,
    ) -> AgentView | None:
        """Commit the agent's changes, write its last entries and its outcome, and start
        what comes next."""
        record = None
        if claim.place.worktree is not None and started_at is not None:
            ran = Ran(claim.session, agent, outcome.status, claim.place, started_at)
            after = await commit_run(self._store, journal, ran)
            record = after.record
            if after.failure is not None:
                outcome = dataclasses.replace(
                    outcome, status=AgentStatus.FAILED, error=after.failure
                )
        if outcome.status is AgentStatus.FAILED and outcome.error:
            await journal.append(EventKind.ERROR, ErrorPayload(message=clip(outcome.error)[0]))
        ended = phases.Ended(agent.id, outcome)
        session_id = claim.session.id

        async def advance(uow: UnitOfWork) -> AgentView | None:
            session = await lookups.owned_session(uow, session_id, claim.worker_id)
            if session is None:
                return None
            changes: dict[str, Any] = {}
            if record is not None:
                changes = await commit_record.store(uow, session, record)
            return await phases.advance(
                uow, session, ended=ended, model=self._settings.model, session_changes=changes
            )

        return await journal.close(also=advance)

    def _sink(self, journal: AgentLog, agent: AgentView) -> ReadingSink:
        async def sink(reading: Reading) -> None:
            for kind, payload in reading.entries:
                await journal.append(kind, payload)
            if (started := reading.started) is not None:
                found = {"claude_session_id": started.claude_session_id, "model": started.model}

                async def remember(uow: UnitOfWork) -> None:
                    await uow.update(
                        AgentView, agent.id, found, only_if=sql.SQL("finished_at IS NULL")
                    )

                # Stored at once: after a crash, resume needs it.
                await journal.flush(also=remember)

        return sink

    async def _resume_id(self, agent: AgentView) -> str | None:
        """The Claude session to continue: the one of the agent this one resumes."""
        if agent.resumed_from is None:
            return None
        async with self._store.unit() as uow:
            earlier = await lookups.agent(uow, agent.resumed_from)
        return earlier.claude_session_id if earlier is not None else None

    async def _watch(self, agent_id: int, cancel: asyncio.Event, stop: asyncio.Event) -> None:
        """Set `stop` once the agent's row says it was cancelled. The row is read every
        CANCEL_POLL seconds, and at once when this process hears of a cancel. Hearing is
        only a hint: any role that can connect may send NOTIFY, but only the orchestrator
        can write the row, so the row alone decides."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(cancel.wait(), CANCEL_POLL)
            cancel.clear()
            if await self._cancelled(agent_id):
                stop.set()
                return

    async def _cancelled(self, agent_id: int) -> bool:
        try:
            async with self._store.unit() as uow:
                found = await lookups.agent(uow, agent_id)
        except Exception:
            log.exception("checking agent %s for a cancel failed", agent_id)
            return False
        return found is not None and found.status is AgentStatus.CANCELLED
