"""The user's notification command (PILOTHOUSE_NOTIFY_COMMAND), run when a session needs
them: it failed, it awaits review, or one of its agents asks for an answer
(`NOTIFY_KIND=needs_answer`, `NOTIFY_MESSAGE` saying what it asks).

The command runs with `/bin/sh -c` in the data directory, with the allow-listed child
environment plus the event's details — `NOTIFY_KIND` (the session's status),
`NOTIFY_SESSION` (its slug), `NOTIFY_SESSION_ID`, `NOTIFY_TITLE`, `NOTIFY_MESSAGE` (its
error, if any) and `NOTIFY_URL` (the session's page) — for at most
NOTIFY_TIMEOUT seconds. It runs beside the session, never in its way: a command that
fails, hangs or cannot start is logged and changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.workspaces.setup import run_command
from shared.config.child_environment import child_environment
from shared.config.settings import Settings
from shared.contract.enums import PermissionKind, SessionStatus
from shared.contract.permissions import PermissionRequestView
from shared.contract.wire import SessionView

log = logging.getLogger(__name__)

NOTIFY_TIMEOUT = 30.0
NOTIFIED = (SessionStatus.FAILED, SessionStatus.AWAITING_REVIEW)
NEEDS_ANSWER = "needs_answer"


def details(session: SessionView, settings: Settings) -> dict[str, str]:
    """The event's details, as the command's environment variables."""
    return {
        "NOTIFY_KIND": session.status.value,
        "NOTIFY_SESSION": session.slug,
        "NOTIFY_SESSION_ID": str(session.id),
        "NOTIFY_TITLE": session.title,
        "NOTIFY_MESSAGE": session.error or "",
        "NOTIFY_URL": f"{settings.read_base_url}/sessions/{session.id}",
    }


def asking(request: PermissionRequestView) -> str:
    """What a permission request asks, in one line."""
    if request.kind is PermissionKind.QUESTION:
        asked = [str(q.get("question", "")) for q in request.questions]
        return "The agent asks: " + " / ".join(q for q in asked if q)
    command = request.tool_input.get("command")
    what = command if isinstance(command, str) else request.tool_name
    return f"The agent asks to run {request.tool_name}: {what}"[:500]


class Notifier:
    """Runs the notification command for sessions that stopped needing the user."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store = store
        self._settings = settings
        self._running: set[asyncio.Task[None]] = set()

    async def session_stopped(self, session_id: int) -> None:
        """Called when a run of the session ended: notify if it now needs the user."""
        command = self._settings.notify_command
        if not command:
            return
        try:
            async with self._store.unit() as uow:
                session = await lookups.session(uow, str(session_id))
        except Exception as exc:
            log.warning("no notification for session %s: %s", session_id, exc)
            return
        if session is None or session.status not in NOTIFIED:
            return
        self._start(command, details(session, self._settings))

    def needs_answer(self, session: SessionView, request: PermissionRequestView) -> None:
        """An agent of the session waits for the user's answer to `request`."""
        command = self._settings.notify_command
        if command:
            event = details(session, self._settings)
            event.update(NOTIFY_KIND=NEEDS_ANSWER, NOTIFY_MESSAGE=asking(request))
            self._start(command, event)

    def _start(self, command: str, event: dict[str, str]) -> None:
        task = asyncio.create_task(self._run(command, event))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _run(self, command: str, event: dict[str, str]) -> None:
        env = {**child_environment(self._settings, model=False), **event}
        lines: list[str] = []

        async def line(text: str) -> None:
            lines.append(text)

        try:
            result = await run_command(
                command, self._settings.data_dir, line, NOTIFY_TIMEOUT, env=env
            )
        except Exception as exc:
            log.warning("notification command could not run: %s", exc)
            return
        if result.exit_code != 0:
            log.warning(
                "notification command exited %s%s: %s",
                result.exit_code,
                " (timed out)" if result.timed_out else "",
                result.tail[-500:],
            )

    async def stop(self) -> None:
        """Stop the commands still running (each with everything it started)."""
        for task in list(self._running):
            task.cancel()
        for task in list(self._running):
            with contextlib.suppress(asyncio.CancelledError):
                await task
