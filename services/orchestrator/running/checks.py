"""Running a project's QA gates in a session's worktree, after a build agent's commit.

The enabled gates run in order, each with `/bin/sh -c` in the agent's working directory,
in its own process group, with its timeout and the setup command's allow-listed
environment (shared/config/child_environment.py). Their output is journaled live as
`gate_output` events (invalid UTF-8 and NUL replaced, lines cut, at most
MAX_JOURNALED_LINES per gate: the tail is kept whole in the result). A cancel of the
session (the `stop` event) kills the running gate's group and runs no more. Each result
is stored with its `gate` event when it ends; what the gates changed in the worktree is
put back (workspaces/tidy.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from services.orchestrator.db import gates
from services.orchestrator.db.agent_log import AgentLog, Journal
from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.running.workspace import Place
from services.orchestrator.workspaces import setup, tidy
from shared.config.child_environment import child_environment
from shared.config.settings import Settings
from shared.contract.checks import GateResultView, GateView
from shared.contract.enums import ChecksState, EventKind, GateOutcome
from shared.contract.payloads import GateOutputPayload, GatePayload
from shared.contract.wire import AgentView, SessionView

log = logging.getLogger(__name__)

MAX_JOURNALED_LINES = 2000
CANNOT_RUN = (126, 127)
"""The shell's codes for a command it found but cannot execute, or did not find."""


@dataclass(frozen=True)
class CheckRun:
    """One run of a session's gates."""

    run: int
    results: list[GateResultView]
    cancelled: bool

    @property
    def failed(self) -> list[GateResultView]:
        """The required gates that did not pass."""
        return [r for r in self.results if r.required and r.outcome is not GateOutcome.PASSED]

    @property
    def state(self) -> ChecksState:
        return ChecksState.FAILED if self.failed or self.cancelled else ChecksState.PASSED


@dataclass(frozen=True)
class _Checking:
    """What every gate of one check run shares."""

    session: SessionView
    agent: AgentView
    run: int
    place: Place
    stop: asyncio.Event


@dataclass(frozen=True)
class _Ended:
    outcome: GateOutcome
    exit_code: int | None
    tail: str


def _ended(result: setup.SetupResult) -> _Ended:
    if result.timed_out:
        return _Ended(GateOutcome.TIMED_OUT, None, result.tail)
    if result.exit_code == 0:
        return _Ended(GateOutcome.PASSED, 0, result.tail)
    if result.exit_code in CANNOT_RUN:
        return _Ended(GateOutcome.COULD_NOT_START, result.exit_code, result.tail)
    return _Ended(GateOutcome.FAILED, result.exit_code, result.tail)


def _limited(output: AgentLog, gate: str) -> Callable[[str], Awaitable[None]]:
    """The line callback: journal the first MAX_JOURNALED_LINES lines, then say so once."""
    count = 0

    async def line(text: str) -> None:
        nonlocal count
        count += 1
        if count <= MAX_JOURNALED_LINES:
            await output.append(EventKind.GATE_OUTPUT, GateOutputPayload(gate=gate, line=text))
        elif count == MAX_JOURNALED_LINES + 1:
            note = f"… more output is not journaled (the last lines are in the {gate} result)"
            await output.append(EventKind.GATE_OUTPUT, GateOutputPayload(gate=gate, line=note))

    return line


class Checks:
    def __init__(self, store: Store, journal: Journal, settings: Settings) -> None:
        self._store = store
        self._journal = journal
        self._env = child_environment(settings, model=False)
        """The setup command's allow-listed environment: no secret of Pilothouse's."""

    async def run(
        self, session: SessionView, agent: AgentView, place: Place, stop: asyncio.Event
    ) -> CheckRun | None:
        """Run the project's enabled gates; None when it has none (or no worktree)."""
        if place.worktree is None:
            return None
        async with self._store.unit() as uow:
            enabled = await gates.of_project(uow, session.project_id, enabled=True)
            if not enabled:
                return None
            number = await gates.next_run(uow, session.id)
            await uow.update(SessionView, session.id, {"checks": ChecksState.RUNNING.value})
        before = await tidy.status(place.worktree, place.keep_out)
        results: list[GateResultView] = []
        checking = _Checking(session, agent, number, place, stop)
        try:
            for gate in enabled:
                results.append(await self._one(checking, gate))
                if results[-1].outcome is GateOutcome.CANCELLED:
                    return CheckRun(number, results, cancelled=True)
        finally:
            try:
                await tidy.restore(place.worktree, place.keep_out, before)
            except Exception:
                log.exception("session %s: putting the worktree back after gates", session.id)
        return CheckRun(number, results, cancelled=False)

    async def _one(self, checking: _Checking, gate: GateView) -> GateResultView:
        session, agent, run = checking.session, checking.agent, checking.run
        output = self._journal.for_agent(AgentScope(session.project_id, session.id, None))
        about: dict[str, Any] = {
            "gate": gate.name, "command": gate.command, "run": run, "required": gate.required,
            "agent_id": agent.id,
        }  # fmt: skip
        await output.append(EventKind.GATE, GatePayload(**about))
        started = time.monotonic()
        running = asyncio.create_task(
            setup.run_command(
                gate.command,
                checking.place.workdir,
                _limited(output, gate.name),
                gate.timeout_seconds,
                env=self._env,
            )
        )
        stopped = asyncio.create_task(checking.stop.wait())
        try:
            await asyncio.wait({running, stopped}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            # This process is stopping: the gate's group is killed on the way out.
            running.cancel()
            with contextlib.suppress(BaseException):
                await running
            await output.close()
            raise
        finally:
            stopped.cancel()
        if not running.done():
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running
            ended = _Ended(GateOutcome.CANCELLED, None, "")
        else:
            try:
                ended = _ended(running.result())
            except OSError as exc:
                ended = _Ended(GateOutcome.COULD_NOT_START, None, f"could not start: {exc}")
        took = int((time.monotonic() - started) * 1000)
        values = {
            "session_id": session.id, "agent_id": agent.id, "gate_id": gate.id, "run": run,
            "name": gate.name, "command": gate.command, "required": gate.required,
            "outcome": ended.outcome.value, "exit_code": ended.exit_code,
            "duration_ms": took, "tail": ended.tail,
        }  # fmt: skip
        finished = GatePayload(
            **about, outcome=ended.outcome, exit_code=ended.exit_code,
            duration_ms=took,
        )  # fmt: skip
        # The result row is written with the gate's last output and its `gate` event.
        await output.append(EventKind.GATE, finished)
        result = await output.close(also=lambda uow: gates.insert_result(uow, values))
        assert result is not None
        return result
