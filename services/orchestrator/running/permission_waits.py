"""Where a supervised agent's permission callback waits for the user's answer.

The answer is an orchestrator command (commands/permissions.py) that writes the request's
row; the row is the truth. The waiting callback is woken in-process by the request's id
after the command commits, and re-reads the row; it also looks at the row every
RECHECK_SECONDS, so an answer written by another orchestrator process is seen too.
"""

from __future__ import annotations

import asyncio
import contextlib

RECHECK_SECONDS = 5.0


class PermissionWaits:
    """One wake-up event per permission request being waited for in this process."""

    def __init__(self) -> None:
        self._events: dict[int, asyncio.Event] = {}

    def register(self, request_id: int) -> None:
        self._events.setdefault(request_id, asyncio.Event())

    def forget(self, request_id: int) -> None:
        self._events.pop(request_id, None)

    def wake(self, request_id: int) -> None:
        """The request's row changed: its waiter should read it again now."""
        event = self._events.get(request_id)
        if event is not None:
            event.set()

    async def nap(self, request_id: int, seconds: float) -> None:
        """Return when the request is woken, or after `seconds` (at most RECHECK_SECONDS)."""
        event = self._events.setdefault(request_id, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), max(0.0, min(seconds, RECHECK_SECONDS)))
        event.clear()
