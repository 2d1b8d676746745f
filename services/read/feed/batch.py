"""`events` frames, built from events encoded once; for a published batch, built once.

The hub hands every subscriber of a topic the same Batch object. Most of the time a
connection sends that batch exactly as it came (nothing else of the topic waiting), so
the frame is the same for all of them: it is built by the first connection that sends
it and shared by the rest. Fan-out to a thousand clients then costs one frame, not a
thousand (each a join of hundreds of encoded events), in CPU and in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from shared.contract.cursor import Cursor


class FeedEvent(NamedTuple):
    """One journal row as it travels through the hub: encoded once, sent to many."""

    position: Cursor
    topics: tuple[str, ...]
    json: bytes
    """The row's EventView as JSON, spliced as-is into every `events` frame."""


class Batch(list[FeedEvent]):
    """One topic's events of one published batch, with the frames built from it."""

    __slots__ = ("_frames", "_topic_json")

    def __init__(self, events: Iterable[FeedEvent] = ()) -> None:
        super().__init__(events)
        self._topic_json: bytes | None = None
        self._frames: list[str] = []

    def frames(self, topic_json: bytes, max_bytes: int) -> list[str]:
        """The batch as `events` frames of topic `topic_json`, built on the first call."""
        if self._topic_json != topic_json:
            self._frames = event_frames(topic_json, [self], max_bytes)
            self._topic_json = topic_json
        return self._frames


def event_frames(topic_json: bytes, batches: list[list[FeedEvent]], max_bytes: int) -> list[str]:
    """`events` frames (shared.contract.frames.Events) of the batches' events, in order, each
    at most about `max_bytes`, as text: they go out as WebSocket text frames."""
    frames: list[str] = []
    parts: list[bytes] = []
    size = 0
    for events in batches:
        for event in events:
            if parts and size + len(event.json) > max_bytes:
                frames.append(_frame(topic_json, parts))
                parts, size = [], 0
            parts.append(event.json)
            size += len(event.json)
    frames.append(_frame(topic_json, parts))
    return frames


def _frame(topic_json: bytes, parts: list[bytes]) -> str:
    # A text frame takes a str: the UTF-8 JSON is decoded once here, not per client.
    return (b'{"type":"events","topic":%s,"events":[%s]}' % (topic_json, b",".join(parts))).decode()
