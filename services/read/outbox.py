"""The bounded queue of one WebSocket connection's outgoing frames.

Live events are offered without waiting (the hub must never block on one client): when
the queue is full the offer fails and the subscription falls back to the database.
Backfills `put` and wait for room instead. Control frames (subscribed, resync, error,
pong) are small and few; they keep their place in line but do not count toward the bound.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Protocol

from services.read.hub import FeedEvent
from shared.cursor import Cursor


class Owner(Protocol):
    """The subscription an event is queued for."""

    topic_json: bytes
    """The topic, JSON-encoded, for the frame header."""
    delivered: Cursor
    """Position of its last event taken off the queue to be sent."""


class Outbox:
    """Frames waiting to be sent, in order; at most `limit` events among them."""

    def __init__(self, limit: int, *, max_frame_bytes: int = 256 * 1024) -> None:
        self._items: deque[tuple[Owner, FeedEvent] | bytes] = deque()
        self._events = 0
        self._controls = 0
        self._limit = limit
        self._max_frame_bytes = max_frame_bytes
        self._waiting = asyncio.Event()
        self._room = asyncio.Event()
        self._room.set()

    def offer(self, owner: Owner, event: FeedEvent) -> bool:
        """Queue a live event if there is room; False (nothing queued) if full."""
        if self._events >= self._limit:
            return False
        self._items.append((owner, event))
        self._events += 1
        self._waiting.set()
        return True

    async def put(self, owner: Owner, event: FeedEvent) -> None:
        """Queue a backfilled event, waiting for room."""
        while self._events >= self._limit:
            self._room.clear()
            await self._room.wait()
        self._items.append((owner, event))
        self._events += 1
        self._waiting.set()

    def control(self, frame: bytes) -> None:
        """Queue a control frame after everything already queued."""
        self._items.append(frame)
        self._controls += 1
        self._waiting.set()

    @property
    def controls(self) -> int:
        """Control frames waiting (a client that never reads lets these pile up)."""
        return self._controls

    def discard(self, owner: Owner) -> None:
        """Drop every queued event of `owner` (on overflow or unsubscribe)."""
        kept = deque(
            item for item in self._items if isinstance(item, bytes) or item[0] is not owner
        )
        self._events -= len(self._items) - len(kept)
        self._items = kept
        self._room.set()

    async def take(self) -> list[bytes]:
        """Wait for anything, then return all of it as frames, each `events` frame
        batching consecutive events of one subscription (up to max_frame_bytes)."""
        while not self._items:
            self._waiting.clear()
            await self._waiting.wait()
        frames: list[bytes] = []
        items = self._items
        while items:
            item = items.popleft()
            if isinstance(item, bytes):
                self._controls -= 1
                frames.append(item)
                continue
            owner, event = item
            parts = [event.json]
            size = len(event.json)
            while items and size < self._max_frame_bytes:
                following = items[0]
                if isinstance(following, bytes) or following[0] is not owner:
                    break
                items.popleft()
                event = following[1]
                parts.append(event.json)
                size += len(event.json)
            self._events -= len(parts)
            owner.delivered = event.position
            frames.append(
                b'{"type":"events","topic":%s,"events":[%s]}' % (owner.topic_json, b",".join(parts))
            )
        self._room.set()
        return frames
