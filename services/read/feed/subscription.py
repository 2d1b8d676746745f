"""One topic of one WebSocket connection: backfill, the hand-over to live, catch-up.

The hand-over without gap or duplicate (docs/architecture.md, "The change feed"):
1. register with the hub first, buffering live events;
2. backfill from the database after the client's token, page by page;
3. flush the buffer, skipping what the backfill already sent; then go live.
Every event is forwarded only if it lies after `position`, the last one queued, so an
event seen both by the backfill and live goes out once. Because the buffer exists before
the last (short) backfill page starts, every row that page could not see is in it.

A buffer that overflows during a long backfill is emptied and counted as a reset: the
backfill then simply goes on until a short page starts after the last reset.
A live client whose outbox is full falls behind: its queued events of this topic are
dropped, it gets a `resync` with the last token it was sent, and the same catch-up runs.
A client whose token lies before its session's retention horizon gets a `resync` marked
`removed` with the horizon's token, and the backfill goes on from there.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

import msgspec
import psycopg
from psycopg_pool import PoolTimeout

from services.read.db.event_reads import Slice
from services.read.feed.batch import FeedEvent
from services.read.feed.hub import Hub, feed_event
from services.read.feed.outbox import Outbox
from shared.contract.cursor import ORIGIN, Cursor
from shared.contract.frames import Resync, Subscribed

log = logging.getLogger(__name__)

Backfill = Callable[[str, Cursor, int], Awaitable[Slice]]
"""Reads up to n events of a topic after a position, from the database, with the
retention horizon of the topic's session if it has one."""

BACKFILL_PAGE = 1000


class Subscription:
    """Delivers one topic to one connection's outbox, in order, each event once."""

    def __init__(
        self, topic: str, hub: Hub, outbox: Outbox, backfill: Backfill, *, buffer_limit: int
    ) -> None:
        self.topic = topic
        self.topic_json = msgspec.json.encode(topic)
        self.position = ORIGIN
        """The last event queued (or skipped as already sent)."""
        self.delivered = ORIGIN
        """The last event taken off the outbox to be sent (the outbox reports it through
        `taken`): where a client that falls behind resumes."""
        self._hub = hub
        self._outbox = outbox
        self._backfill = backfill
        self._buffer_limit = buffer_limit
        self._buffer: deque[FeedEvent] | None = None
        """Live events held while catching up; None once live."""
        self._resets = 0
        self._task: asyncio.Task[None] | None = None

    def start(self, after: Cursor | None) -> None:
        """Begin: live at once from the tailer's position, or backfill from `after`."""
        if after is None:
            position = self._hub.position
            assert position is not None, "wait for hub.started() first"
            self.position = self.delivered = position
            self._hub.subscribe(self.topic, self)
            self._outbox.control(msgspec.json.encode(Subscribed(self.topic, position.token)))
            return
        self.position = self.delivered = after
        self._hub.subscribe(self.topic, self)
        self._catch_up()

    def stop(self) -> None:
        """Unsubscribe: no more events of this topic are queued or sent."""
        self._hub.unsubscribe(self.topic, self)
        if self._task is not None:
            self._task.cancel()
        self._outbox.discard(self)

    def taken(self, position: Cursor) -> None:
        """Called by the outbox when it takes this topic's events up to `position`."""
        self.delivered = position

    def offer(self, events: list[FeedEvent]) -> None:
        """Live events from the hub, in feed order (never blocks)."""
        buffer = self._buffer
        if buffer is not None:
            if len(buffer) + len(events) <= self._buffer_limit:
                buffer.extend(events)
            else:
                buffer.clear()
                self._resets += 1
            return
        fresh = self._after_position(events)
        if not fresh:
            return
        if self._outbox.offer(self, fresh):
            self.position = fresh[-1].position
        else:
            self._fall_behind()

    def _after_position(self, events: list[FeedEvent]) -> list[FeedEvent]:
        """The events not yet queued (all of them, but after a hand-over)."""
        position = self.position
        if events[0].position > position:
            return events
        return [event for event in events if event.position > position]

    def _fall_behind(self) -> None:
        self._outbox.discard(self)
        self.position = self.delivered
        resync = Resync(self.topic, self.delivered.token, "client too slow: catching up")
        self._outbox.control(msgspec.json.encode(resync))
        self._catch_up()

    def _catch_up(self) -> None:
        self._buffer = deque()
        self._task = asyncio.create_task(self._run_catch_up(), name=f"catch-up {self.topic}")
        self._task.add_done_callback(_log_failure)

    async def _run_catch_up(self) -> None:
        buffer = self._buffer
        assert buffer is not None
        while True:
            resets = self._resets
            page, horizon = await self._read_page()
            if horizon is not None and self.position < horizon:
                self._skip_removed(horizon)
                continue
            if page:
                await self._queue([feed_event(event) for event in page])
            if len(page) == BACKFILL_PAGE or resets != self._resets:
                continue
            while buffer and resets == self._resets:
                pending = list(buffer)
                buffer.clear()
                await self._queue(pending)
            if resets == self._resets:
                break
        # Live from here: nothing awaits between the last flush and this line.
        self._buffer = None
        self._task = None
        self._outbox.control(msgspec.json.encode(Subscribed(self.topic, self.position.token)))

    def _skip_removed(self, horizon: Cursor) -> None:
        """The client's position lies before rows retention removed: say so, never skip
        them silently, and go on from the horizon."""
        self.position = horizon
        reason = f"events up to {horizon.token} were removed by retention (archived)"
        resync = Resync(self.topic, horizon.token, reason, removed=True)
        self._outbox.control(msgspec.json.encode(resync))

    async def _read_page(self) -> Slice:
        """The next backfill page; a database that is briefly away is waited for."""
        delay = 0.1
        while True:
            try:
                return await self._backfill(self.topic, self.position, BACKFILL_PAGE)
            except (psycopg.Error, PoolTimeout) as exc:
                log.warning("feed: backfill of %s failed (%s); retrying", self.topic, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)

    async def _queue(self, events: list[FeedEvent]) -> None:
        fresh = self._after_position(events)
        if fresh:
            await self._outbox.put(self, fresh)
            self.position = fresh[-1].position


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.error("feed: catch-up of a subscription failed", exc_info=exc)
