"""Control notifications are hints: a NOTIFY any database role can send never stops an
agent by itself; the orchestrator acts on the rows only it can write (issue: agents
inside a fence, "the holes")."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import psycopg
import pytest

from services.orchestrator.running.liveness import CONTROL_CHANNEL, cancel_message
from tests.support.agent_runs import start, until_status
from tests.support.databases import TestDatabase
from tests.support.orchestrator import Client

pytestmark = pytest.mark.agents


async def _forge_cancels(reader_url: str, session_id: int, stop: asyncio.Event) -> int:
    """Send `cancel:<id>` as the read-only role, again and again, until told to stop."""
    sent = 0
    async with await psycopg.AsyncConnection.connect(reader_url, autocommit=True) as conn:
        while not stop.is_set():
            await conn.execute(
                "SELECT pg_notify(%s, %s)", (CONTROL_CHANNEL, cancel_message(session_id))
            )
            sent += 1
            # The attack's cadence (the behaviour under test), not a synchronization.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.05)
    return sent


async def test_a_forged_cancel_from_the_read_role_does_not_stop_the_session(
    agents: Client,
    database: TestDatabase,
    project_dir: Path,
) -> None:
    accepted = await start(agents, project_dir, "Add a greeting to the demo")
    await until_status(database, accepted["id"], "running")
    stop = asyncio.Event()
    forging = asyncio.create_task(_forge_cancels(database.reader_url, accepted["id"], stop))
    try:
        session = await until_status(
            database, accepted["id"], "awaiting_review", "completed", "cancelled", "failed"
        )
    finally:
        stop.set()
        sent = await forging
    assert sent > 0
    # It ran to its end (and, having changed files on its branch, waits for review).
    assert session["status"] == "awaiting_review"
