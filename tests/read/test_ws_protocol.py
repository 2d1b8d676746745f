"""The `/ws` protocol's edges: refused frames get an error frame and the connection stays
usable; unsubscribe stops a topic; ping gets pong; a client that never reads is closed."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Awaitable, Callable

import pytest
import websockets

from services.read.routes.dependencies import FeedLimits
from shared.contract.frames import MAX_CLIENT_FRAME_BYTES, Error, Pong, Unsubscribe
from shared.contract.payloads import TextPayload
from tests.support import writers
from tests.support.feed_client import FeedClient, feed_client
from tests.support.read_service import Conn, RunningRead, tailer_caught_up
from tests.support.waiting import eventually


async def _error(client: FeedClient, count: int) -> Error:
    await eventually(lambda: len(client.of_type(Error)) >= count, what=f"error frame {count}")
    error: Error = client.of_type(Error)[count - 1]
    return error


async def _still_answers(client: FeedClient) -> None:
    pongs = len([f for f in client.frames if isinstance(f, Pong)])
    await client.send({"type": "ping"})
    await eventually(lambda: len([f for f in client.frames if isinstance(f, Pong)]) > pongs)


REFUSED = [
    ("not json at all", "bad_frame"),
    ('{"type": "launch", "topic": "x"}', "bad_frame"),
    ('{"type": "subscribe"}', "bad_frame"),
    ('{"type": "subscribe", "topic": "projects", "extra": 1}', "bad_frame"),
    ('{"type": "subscribe", "topic": "session:abc"}', "bad_topic"),
    ('{"type": "subscribe", "topic": "secrets"}', "bad_topic"),
    ('{"type": "subscribe", "topic": "session:1", "after": "12-"}', "bad_token"),
    ('{"type": "subscribe", "topic": "session:1", "after": "1.5"}', "bad_token"),
    ('{"type": "subscribe", "topic": "session:1", "after": "-1-2"}', "bad_token"),
    ('{"type": "unsubscribe", "topic": "session:1"}', "not_subscribed"),
    ('{"type": "ping", "pad": "' + "x" * MAX_CLIENT_FRAME_BYTES + '"}', "frame_too_large"),
]


async def test_refused_frames_get_an_error_and_the_connection_stays(read: RunningRead) -> None:
    async with feed_client(read.url) as client:
        for count, (frame, code) in enumerate(REFUSED, start=1):
            await client.send(frame)
            error = await _error(client, count)
            assert (error.code, bool(error.message)) == (code, True), frame[:60]
            await _still_answers(client)


async def test_binary_frames_are_read_like_text(read: RunningRead) -> None:
    async with feed_client(read.url) as client:
        await client.socket.send(b'{"type": "ping"}')
        await eventually(lambda: any(isinstance(f, Pong) for f in client.frames))


async def test_unsubscribe_stops_the_topic(read: RunningRead, writer: Conn) -> None:
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"
    await tailer_caught_up(read, writer)
    async with feed_client(read.url) as client:
        await client.subscribe(topic)
        await client.subscribe("projects")
        await client.wait_subscribed(topic)
        await client.wait_subscribed("projects")
        await writers.log_text(writer, session, agent, "before")
        await client.wait_tokens(topic, 1)
        await client.send(Unsubscribe(topic=topic))
        await _still_answers(client)  # the unsubscribe has been handled
        await writers.log_text(writer, session, agent, "after")
        await writers.create_project(writer)
        await client.wait_tokens("projects", 1)  # written after "after": the feed passed it
        assert [e.payload for e in client.events[topic]] == [TextPayload(text="before")]


async def test_topics_per_connection_are_bounded(
    start_read: Callable[..., Awaitable[RunningRead]],
) -> None:
    read = await start_read(limits=FeedLimits(topics=2))
    async with feed_client(read.url) as client:
        for n in range(1, 4):
            await client.subscribe(f"session:{n}", after="0")
        error = await _error(client, 1)
        assert (error.code, error.topic) == ("too_many_topics", "session:3")
        await client.subscribe("session:1", after="0")  # re-subscribing is not one more
        await _still_answers(client)
        assert len(client.of_type(Error)) == 1


async def test_client_that_never_reads_its_answers_is_closed(
    start_read: Callable[..., Awaitable[RunningRead]],
) -> None:
    read = await start_read(limits=FeedLimits(unanswered=5))
    url = read.url.replace("http://", "ws://") + "/ws"
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", int(read.url.rsplit(":", 1)[1])))
    async with websockets.connect(url, sock=sock, max_queue=1) as client:
        # Pings the server must answer, while this client reads none of the answers.
        with contextlib.suppress(websockets.ConnectionClosed):
            for _ in range(200):
                await asyncio.gather(*(client.send('{"type":"ping"}') for _ in range(500)))
                await asyncio.sleep(0)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await _read_all(client)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1008


async def _read_all(client: websockets.ClientConnection) -> None:
    while True:
        await client.recv()
