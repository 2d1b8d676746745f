"""A supervised agent's asks: recorded as permission requests, answered by the user.

Each ask of the agent's `can_use_tool` (agents/permission_callback.py) becomes a
`permission_requests` row and a `permission_changed` event, written after the agent's
log entries so far (so the tool call shows before its request), and runs the user's
notification command. The callback then waits — no transaction open — until the row is
answered (the answer command wakes it in this process: running/permission_waits.py),
or until PILOTHOUSE_PERMISSION_TIMEOUT_S has passed, when the request is denied as
expired and the agent told why. A command the user allowed for the session (Bash: the
exact command; another tool: the tool) is allowed without asking, from the rows, so it
holds after a resume too. If the agent's run is stopped while it waits (cancel,
shutdown), the request is marked interrupted; after a crash, recovery does that.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from services.orchestrator.agents.permission_callback import Asker, ToolCall, Verdict
from services.orchestrator.db import permissions
from services.orchestrator.db.agent_log import AgentLog
from services.orchestrator.db.unit_of_work import Store, UnitOfWork
from services.orchestrator.running.notify import Notifier
from services.orchestrator.running.permission_waits import PermissionWaits
from shared.config.settings import Settings
from shared.contract.enums import PermissionStatus
from shared.contract.permissions import PermissionRequestView
from shared.contract.wire import AgentView, SessionView

STOPPED = "the agent's run stopped while this request waited for an answer"


def expired_message(seconds: float) -> str:
    return (
        f"Nobody answered this request within {seconds:g} seconds, so it was denied."
        " Carry on without it, or finish and say what you needed."
    )


class Supervisor:
    """Makes the asker of each supervised agent of this process."""

    def __init__(
        self, store: Store, settings: Settings, waits: PermissionWaits, notifier: Notifier
    ) -> None:
        self._store = store
        self._settings = settings
        self._waits = waits
        self._notifier = notifier

    def asker(self, session: SessionView, agent: AgentView, journal: AgentLog) -> Asker:
        async def ask(call: ToolCall) -> Verdict:
            return await self._ask(session, agent, journal, call)

        return ask

    async def _ask(
        self, session: SessionView, agent: AgentView, journal: AgentLog, call: ToolCall
    ) -> Verdict:
        async with self._store.unit() as uow:
            if await permissions.allowed_for_session(uow, session.id, call.allow_key):
                return Verdict(allow=True)
        timeout = self._settings.permission_timeout_s

        async def record(uow: UnitOfWork) -> PermissionRequestView:
            request = await permissions.insert(uow, _values(session, agent, call, timeout))
            await permissions.journal(uow, request)
            return request

        request = await journal.flush(also=record)
        assert request is not None
        self._waits.register(request.id)
        self._notifier.needs_answer(session, request)
        try:
            settled = await self._wait(request.id, timeout)
        except asyncio.CancelledError:
            await asyncio.shield(self._settle(request.id, PermissionStatus.INTERRUPTED, STOPPED))
            raise
        finally:
            self._waits.forget(request.id)
        return _verdict(settled)

    async def _wait(self, request_id: int, seconds: float) -> PermissionRequestView:
        """The request once it is no longer pending (expired by this process at its time)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            async with self._store.unit() as uow:
                request = await permissions.get(uow, request_id)
            if request.status is not PermissionStatus.PENDING:
                return request
            left = deadline - loop.time()
            if left <= 0:
                return await self._settle(
                    request_id, PermissionStatus.EXPIRED, expired_message(seconds)
                )
            await self._waits.nap(request_id, left)

    async def _settle(
        self, request_id: int, status: PermissionStatus, message: str
    ) -> PermissionRequestView:
        """Give a still pending request its end; the request as it then is (answered
        meanwhile, the user's answer stands)."""
        async with self._store.unit() as uow:
            settled = await permissions.settle(
                uow, request_id, {"status": status.value, "message": message}
            )
            if settled is None:
                return await permissions.get(uow, request_id)
            await permissions.journal(uow, settled)
            return settled


def _values(
    session: SessionView, agent: AgentView, call: ToolCall, timeout: float
) -> dict[str, Any]:
    return {
        "session_id": session.id,
        "agent_id": agent.id,
        "kind": call.kind.value,
        "tool_name": call.tool_name,
        "tool_input": call.tool_input,
        "reason": call.reason,
        "questions": call.questions,
        "allow_key": call.allow_key,
        "expires_at": datetime.now(UTC) + timedelta(seconds=timeout),
    }


def _verdict(request: PermissionRequestView) -> Verdict:
    if request.status is PermissionStatus.ALLOWED:
        return Verdict(allow=True, answers=request.answers)
    return Verdict(allow=False, message=request.message)
