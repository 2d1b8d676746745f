"""The bounded queue of one WebSocket connection's outgoing frames.

Live events are offered without waiting (the hub must never block on one client): when
the queue already holds `limit` events the offer fails and the subscription falls back
to the database. Backfills `put` and wait for room instead. A batch is accepted whole,
so the queue may exceed the limit by at most one batch. Control frames (subscribed,
resync, error, pong) are small and few; they keep their place in line but do not count.
Frames come out as text; a batch sent as it was published shares its frame with every
other connection that sends it (batch.py).
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Protocol

from services.read.feed.batch import Batch, FeedEvent, event_frames
from shared.contract.cursor import Cursor


class Owner(Protocol):
    """The subscription events are queued for."""

    topic_json: bytes
    """The topic, JSON-encoded, for the frame header."""

    def taken(self, position: Cursor) -> None:
        """Its events up to `position` were taken off the queue to be sent."""


Item = tuple[Owner, list[FeedEvent]] | str


class Outbox:
    """Frames waiting to be sent, in order; about `limit` events at most among them."""

    def __init__(self, limit: int, *, max_frame_bytes: int = 256 * 1024) -> None:
        self._items: deque[Item] = deque()
        self._events = 0
        self._controls = 0
        self._limit = limit
        self._max_frame_bytes = max_frame_bytes
        self._waiting = asyncio.Event()
        self._room = asyncio.Event()
        self._room.set()

    def offer(self, owner: Owner, events: list[FeedEvent]) -> bool:
        """Queue live events if there is room; False (nothing queued) if full."""
        if self._events >= self._limit:
            return False
        self._append(owner, events)
        return True

    async def put(self, owner: Owner, events: list[FeedEvent]) -> None:
        """Queue backfilled events, waiting for room."""
        while self._events >= self._limit:
            self._room.clear()
            await self._room.wait()
        self._append(owner, events)

    def _append(self, owner: Owner, events: list[FeedEvent]) -> None:
        self._items.append((owner, events))
        self._events += len(events)
        self._waiting.set()

    def control(self, frame: bytes) -> None:
        """Queue a control frame (encoded JSON) after everything already queued."""
        self._items.append(frame.decode())
        self._controls += 1
        self._waiting.set()

    @property
    def controls(self) -> int:
        """Control frames waiting (a client that never reads lets these pile up)."""
        return self._controls

    def discard(self, owner: Owner) -> None:
        """Drop every queued event of `owner` (on overflow or unsubscribe)."""
        kept: deque[Item] = deque()
        for item in self._items:
            if isinstance(item, str) or item[0] is not owner:
                kept.append(item)
            else:
                self._events -= len(item[1])
        self._items = kept
        self._room.set()

    async def take(self) -> list[str]:
        """Wait for anything, then return all of it as frames; consecutive events of one
        subscription share an `events` frame (up to max_frame_bytes)."""
        while not self._items:
            self._waiting.clear()
            await self._waiting.wait()
        frames: list[str] = []
        items = self._items
        while items:
            item = items.popleft()
            if isinstance(item, str):
                self._controls -= 1
                frames.append(item)
                continue
            owner, events = item
            batches = [events]
            while items:
                following = items[0]
                if isinstance(following, str) or following[0] is not owner:
                    break
                items.popleft()
                batches.append(following[1])
            frames.extend(self._frames(owner, batches))
        self._room.set()
        return frames

    def _frames(self, owner: Owner, batches: list[list[FeedEvent]]) -> list[str]:
        for events in batches:
            self._events -= len(events)
        owner.taken(batches[-1][-1].position)
        if len(batches) == 1 and isinstance(batches[0], Batch):
            return batches[0].frames(owner.topic_json, self._max_frame_bytes)
        return event_frames(owner.topic_json, batches, self._max_frame_bytes)
