"""In-memory fan-out of the feed to subscribers, by topic.

The tailer (tailer.py) publishes each batch it reads together with its new position,
in one synchronous call. Because registering a subscriber and reading `position` are
also synchronous, a subscriber that registers between two batches sees every event
after the position it was given, and none at or before it.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

import msgspec

from services.read.feed.batch import Batch, FeedEvent
from services.read.feed.topics import topics_of
from shared.contract.cursor import Cursor
from shared.contract.events import EventView

_encoder = msgspec.json.Encoder()


def feed_event(event: EventView) -> FeedEvent:
    """Wrap a journal row for fan-out, encoding it once (its payload is spliced as
    stored, never decoded)."""
    return FeedEvent(
        position=Cursor(event.position),
        topics=topics_of(event.kind, event.project_id, event.session_id),
        json=_encoder.encode(event),
    )


class Subscriber(Protocol):
    """Whatever receives a topic's events; `offer` must not block or await."""

    def offer(self, events: Batch) -> None:
        """Events of the topic, in feed order; the batch is shared: read it, never change it."""


class Hub:
    """Subscribers by topic, and the feed position of the last batch published."""

    def __init__(self) -> None:
        self._subscribers: defaultdict[str, set[Subscriber]] = defaultdict(set)
        self._position: Cursor | None = None
        self._started = asyncio.Event()

    @property
    def position(self) -> Cursor | None:
        """Where the tailer is: every event at or before it has been published."""
        return self._position

    async def started(self) -> Cursor:
        """The position, once the tailer has one (right after its first connection)."""
        await self._started.wait()
        assert self._position is not None
        return self._position

    def start_at(self, position: Cursor) -> None:
        """Called by the tailer when it knows where the feed ends."""
        self._position = position
        self._started.set()

    def subscribe(self, topic: str, subscriber: Subscriber) -> None:
        self._subscribers[topic].add(subscriber)

    def unsubscribe(self, topic: str, subscriber: Subscriber) -> None:
        subscribers = self._subscribers.get(topic)
        if subscribers is not None:
            subscribers.discard(subscriber)
            if not subscribers:
                del self._subscribers[topic]

    def publish(self, events: Iterable[FeedEvent], position: Cursor) -> None:
        """Hand a batch to the subscribers of each event's topics: per topic, one call per
        subscriber with that topic's events in feed order (not one call per event: with
        many subscribers the per-call cost is what fan-out spends its time on), the same
        Batch for all of them (batch.py)."""
        subscribers = self._subscribers
        by_topic: dict[str, Batch] = {}
        for event in events:
            for topic in event.topics:
                if topic in subscribers:
                    batch = by_topic.get(topic)
                    if batch is None:
                        batch = by_topic[topic] = Batch()
                    batch.append(event)
        for topic, topic_events in by_topic.items():
            for subscriber in subscribers[topic]:
                subscriber.offer(topic_events)
        self._position = position
