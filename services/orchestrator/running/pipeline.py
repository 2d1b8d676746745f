"""Running a claimed session: its agents one after another, each journalled as it goes.

First the session's workspace is made ready (running/workspace.py): its worktree, or
the project directory when it is not isolated. Per agent: start the CLI there with the
phase's options, journal every SDK message, store Claude's session id as soon as the CLI
reports it (so a crash can be resumed), watch for a cancel, commit what the agent
changed on the session's branch, run the project's gates after a build agent
(running/checks.py), then — in one transaction with the last log entries, the commit's
record and the checks' state — record the outcome, queue a fix round if one is due
(running/fix_rounds.py) and start the next agent (`phases.advance`). No transaction
stays open while an agent, git or a gate runs.
"""

from __future__ import annotations

import asyncio
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
from services.orchestrator.running import cancel_watch, commit_record, fix_rounds, phases
from services.orchestrator.running.agent_commit import Ran, commit_run
from services.orchestrator.running.agent_start import before_run
from services.orchestrator.running.checks import Checks
from services.orchestrator.running.notify import Notifier
from services.orchestrator.running.recovery import abandon
from services.orchestrator.running.supervision import Supervisor
from services.orchestrator.running.workspace import (
    Place,
    WorkspaceFailed,
    Workspaces,
    prepare_artifacts,
)
from services.orchestrator.workspaces.commits import head
from shared.config.settings import Settings
from shared.contract.enums import AgentKind, AgentStatus, EventKind, Supervision
from shared.contract.payloads import ErrorPayload, StderrPayload, UserPayload
from shared.contract.wire import AgentView, SessionView

log = logging.getLogger(__name__)

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
        *,
        supervisor: Supervisor,
    ) -> None:
        self._store = store
        self._supervisor = supervisor
        self._notifier = notifier
        self._transcripts = TranscriptStore(store)
        self._journal = journal
        self._settings = settings
        self._runtime = runtime
        self._workspaces = Workspaces(store, journal, settings)
        self._checks = Checks(store, journal, settings)

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
                    ended = (None, None)
                    current = await self._close(unprepared, journal, current, outcome, ended)
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
            ask=self._supervisor.asker(session, agent, journal)
            if session.supervision is Supervision.SUPERVISED
            else None,
            stderr=lambda line: journal.append_nowait(
                EventKind.STDERR, StderrPayload(line=clip(line)[0])
            ),
        )
        await journal.append(EventKind.USER, UserPayload(text=clip(agent.prompt)[0]))
        stop = asyncio.Event()
        # Watches through the agent's run and the gates after it.
        watcher = asyncio.create_task(cancel_watch.watch(self._store, agent.id, claim.cancel, stop))
        try:
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
                await self._close(claim, journal, agent, stopped, (started_at, stop))
                raise
            return await self._close(claim, journal, agent, outcome, (started_at, stop))
        finally:
            watcher.cancel()

    async def _close(
        self,
        claim: Claim,
        journal: AgentLog,
        agent: AgentView,
        outcome: RunOutcome,
        run: tuple[str | None, asyncio.Event | None],
    ) -> AgentView | None:
        """Commit the agent's changes, run the gates after a build agent, write its last
        entries and its outcome, and start what comes next (a fix round first if due).
        `run` is (HEAD when the agent started, the event set on a cancel)."""
        started_at, stop = run
        record = None
        if claim.place.worktree is not None and started_at is not None:
            ran = Ran(claim.session, agent, outcome.status, claim.place, started_at)
            after = await commit_run(self._store, journal, ran)
            record = after.record
            if after.failure is not None:
                outcome = dataclasses.replace(
                    outcome, status=AgentStatus.FAILED, error=after.failure
                )
        checked, shutdown = None, False
        if outcome.status is AgentStatus.COMPLETED and agent.kind is AgentKind.BUILD:
            try:
                never = asyncio.Event()
                checked = await self._checks.run(claim.session, agent, claim.place, stop or never)
            except asyncio.CancelledError:
                # The gate was killed; the agent is recorded as stopped by the shutdown.
                outcome, shutdown = RunOutcome(AgentStatus.INTERRUPTED, error=SHUTDOWN), True
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
            if checked is not None:
                changes["checks"] = checked.state.value
                await fix_rounds.queue_if_due(uow, session, agent, checked, self._settings.model)
            return await phases.advance(
                uow, session, ended=ended, model=self._settings.model, session_changes=changes
            )

        following = await journal.close(also=advance)
        if shutdown:
            raise asyncio.CancelledError
        return following

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
