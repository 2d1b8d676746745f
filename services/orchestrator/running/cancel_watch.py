"""Watching an agent's row for a cancel while it (or the gates after it) runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import Store
from shared.contract.enums import AgentStatus

log = logging.getLogger(__name__)

CANCEL_POLL = 1.0
"""Seconds between checks of the database for a cancel this process was not told about."""


async def _cancelled(store: Store, agent_id: int) -> bool:
    try:
        async with store.unit() as uow:
            found = await lookups.agent(uow, agent_id)
    except Exception:
        log.exception("checking agent %s for a cancel failed", agent_id)
        return False
    return found is not None and found.status is AgentStatus.CANCELLED


async def watch(store: Store, agent_id: int, cancel: asyncio.Event, stop: asyncio.Event) -> None:
    """Set `stop` once the agent's row says it was cancelled. The row is read every
    CANCEL_POLL seconds, and at once when this process hears of a cancel. Hearing is
    only a hint: any role that can connect may send NOTIFY, but only the orchestrator
    can write the row, so the row alone decides."""
    while True:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(cancel.wait(), CANCEL_POLL)
        cancel.clear()
        if await _cancelled(store, agent_id):
            stop.set()
            return
