"""The feed tailer: one LISTEN connection per process that follows the journal.

It reads new `events` in position order after its cursor whenever the doorbell rings
(or a slow poll fires), and publishes them to the hub. Nothing is ever held back:
positions commit in order (services/orchestrator/db/pending_events.py), so every row
the tailer can see is one it may deliver. The doorbell is only a wake-up:
the data is always re-read from the table, so a doorbell missed while reconnecting
costs nothing but a re-read.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import psycopg
from psycopg import AsyncConnection

from services.read.db.event_reads import feed_batch, feed_end
from services.read.feed.hub import Hub, feed_event
from shared.contract.cursor import DOORBELL_CHANNEL, Cursor
from shared.db.event_rows import Row

log = logging.getLogger(__name__)

APPLICATION_NAME = "pilothouse-read-feed"
"""The listener's application_name (how tests and operators find its backend)."""


@dataclass(frozen=True)
class TailerTiming:
    batch_size: int = 1000
    poll_interval: float = 2.0
    """Fallback poll when no doorbell rings (a lost notification costs at most this)."""
    reconnect_first: float = 0.1
    reconnect_max: float = 5.0


class FeedTailer:
    """Follows the journal and hands every new row to the hub, in order, once."""

    def __init__(self, conninfo: str, hub: Hub, timing: TailerTiming | None = None) -> None:
        self._conninfo = conninfo
        self._hub = hub
        self._timing = timing or TailerTiming()
        self.listening = False
        """True while the LISTEN connection is up (reported by /api/health)."""

    async def run(self) -> None:
        """Follow the journal until cancelled, reconnecting with backoff on any loss."""
        delay = self._timing.reconnect_first
        while True:
            try:
                conn = await AsyncConnection.connect(
                    self._conninfo, autocommit=True, application_name=APPLICATION_NAME
                )
            except psycopg.Error as exc:
                log.warning("feed: cannot connect (%s); retrying in %.1fs", exc, delay)
            else:
                async with conn:
                    try:
                        await self._follow(conn)
                    except psycopg.Error as exc:
                        # Lost connection (killed backend, restart) or a failed read:
                        # either way reconnect, re-LISTEN and re-read from the cursor.
                        log.warning("feed: %s; reconnecting", exc)
                    except Exception:
                        # A bug must not stop the feed for every client: log it and
                        # re-read from the cursor (subscriptions drop what they had).
                        log.exception("feed: unexpected failure; restarting the tailer")
                    finally:
                        self.listening = False
                delay = self._timing.reconnect_first
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._timing.reconnect_max)

    async def _follow(self, conn: AsyncConnection[Row]) -> None:
        # LISTEN before reading, so a commit between the read and the wait still rings.
        await conn.execute(f"LISTEN {DOORBELL_CHANNEL}")
        self.listening = True
        if self._hub.position is None:
            self._hub.start_at(await feed_end(conn))
            log.info("feed: following from %s", self._hub.position)
        while True:
            await self._read_all(conn)
            await _wait_for_doorbell(conn, self._timing.poll_interval)

    async def _read_all(self, conn: AsyncConnection[Row]) -> None:
        """Publish every row after the hub's position."""
        hub = self._hub
        while True:
            position = hub.position
            assert position is not None
            batch = await feed_batch(conn, position, self._timing.batch_size)
            if batch:
                hub.publish([feed_event(event) for event in batch], Cursor(batch[-1].position))
            if len(batch) < self._timing.batch_size:
                return


async def _wait_for_doorbell(conn: AsyncConnection[Row], wait: float) -> None:
    """Return on the next notification (at once if some arrived during the last read),
    else after `wait` seconds. Every queued notification is consumed: one read serves them all.
    The generator is run to its end, never broken out of: it holds the connection's lock."""
    async for _ in conn.notifies(timeout=wait, stop_after=1):
        pass
