"""Fan-out builds a published batch's frame once: every live subscriber of the topic that
sends the batch as it came shares that one frame; a subscriber with more waiting gets a
frame of its own, with the same events in the same order."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from services.read.db.event_reads import Slice
from services.read.feed.batch import FeedEvent
from services.read.feed.hub import Hub, feed_event
from services.read.feed.outbox import Outbox
from services.read.feed.subscription import Subscription
from shared.contract.cursor import Cursor
from shared.contract.events import TextEvent
from shared.contract.frames import Events, ServerFrame, Subscribed
from shared.contract.payloads import TextPayload

TOPIC = "session:1"
AT = datetime(2026, 11, 30, tzinfo=UTC)
_decode = msgspec.json.Decoder(ServerFrame).decode


def _events(first: int, count: int) -> list[FeedEvent]:
    return [
        feed_event(
            TextEvent(
                id=n,
                position=n,
                token=str(n),
                project_id=1,
                session_id=1,
                agent_id=2,
                payload=TextPayload(text=f"line {n}"),
                created_at=AT,
            )
        )
        for n in range(first, first + count)
    ]


async def _no_backfill(topic: str, after: Cursor, limit: int) -> Slice:
    raise AssertionError("a live subscription reads nothing")


def _live(hub: Hub, count: int) -> list[Outbox]:
    outboxes = [Outbox(1000) for _ in range(count)]
    for outbox in outboxes:
        Subscription(TOPIC, hub, outbox, _no_backfill, buffer_limit=100).start(None)
    return outboxes


def _tokens(frame: str) -> list[str]:
    decoded = _decode(frame)
    assert isinstance(decoded, Events)
    return [event.token for event in decoded.events]


async def test_every_subscriber_of_a_topic_sends_the_same_frame_object() -> None:
    hub = Hub()
    hub.start_at(Cursor(0))
    outboxes = _live(hub, 3)
    hub.publish(_events(1, 5), Cursor(5))
    taken = [await outbox.take() for outbox in outboxes]
    for subscribed, _ in taken:
        assert isinstance(_decode(subscribed), Subscribed)
    first, second, third = (frames[1] for frames in taken)
    assert first is second is third
    assert _tokens(first) == ["1", "2", "3", "4", "5"]


async def test_a_subscriber_with_two_batches_waiting_gets_one_frame_of_its_own() -> None:
    hub = Hub()
    hub.start_at(Cursor(0))
    prompt, behind = _live(hub, 2)
    await prompt.take(), await behind.take()  # the `subscribed` frames
    hub.publish(_events(1, 3), Cursor(3))
    [first] = await prompt.take()
    hub.publish(_events(4, 3), Cursor(6))
    [second] = await prompt.take()
    [merged] = await behind.take()
    assert merged is not first
    assert merged is not second
    assert _tokens(first) + _tokens(second) == _tokens(merged) == ["1", "2", "3", "4", "5", "6"]
