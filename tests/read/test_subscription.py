"""The hand-over inside one subscription, with the race made wide on purpose.

The backfill's first page is held back (a real read, then a wait until the tailer has
published the rows written meanwhile), so those events can only reach the client through
the hub buffer. Real
PostgreSQL, real tailer and hub; only the page's timing is controlled.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import msgspec
from psycopg import AsyncConnection

from services.read.db.event_filters import topic_filter
from services.read.db.event_reads import Slice, rows_after
from services.read.feed.hub import Hub
from services.read.feed.outbox import Outbox
from services.read.feed.subscription import Subscription
from services.read.feed.tailer import FeedTailer, TailerTiming
from shared.contract.cursor import ORIGIN, Cursor
from shared.contract.frames import Events, ServerFrame, Subscribed
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.read_service import Conn
from tests.support.waiting import eventually

_decoder = msgspec.json.Decoder(ServerFrame)


@contextlib.asynccontextmanager
async def tailing(database: TestDatabase) -> AsyncIterator[Hub]:
    hub = Hub()
    tailer = FeedTailer(database.reader_url, hub, TailerTiming(poll_interval=0.2))
    task = asyncio.create_task(tailer.run())
    try:
        await hub.started()
        yield hub
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _drain(outbox: Outbox, tokens: list[str], frames: list[ServerFrame]) -> None:
    while True:
        for raw in await outbox.take():
            frame = _decoder.decode(raw)
            frames.append(frame)
            if isinstance(frame, Events):
                tokens.extend(event.token for event in frame.events)


async def _hand_over(database: TestDatabase, writer: Conn, *, buffer_limit: int) -> None:
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"
    during_backfill = asyncio.Event()
    published_meanwhile = asyncio.Event()

    async with (
        tailing(database) as hub,
        await AsyncConnection.connect(database.reader_url, autocommit=True) as reader,
    ):
        pages = 0

        async def slow_backfill(topic: str, after: Cursor, limit: int) -> Slice:
            nonlocal pages
            page = await rows_after(reader, topic_filter(topic), after, limit)
            pages += 1
            if pages == 1:
                # Rows committed now are not in this page; the page is "still on its way"
                # until the tailer has published every one of them.
                during_backfill.set()
                await published_meanwhile.wait()
            return page

        outbox = Outbox(10_000)
        subscription = Subscription(topic, hub, outbox, slow_backfill, buffer_limit=buffer_limit)
        tokens: list[str] = []
        frames: list[ServerFrame] = []
        draining = asyncio.create_task(_drain(outbox, tokens, frames))
        subscription.start(ORIGIN)
        await during_backfill.wait()
        for n in range(20):
            await writers.log_text(writer, session, agent, f"meanwhile {n}")
        [last] = (await writers.positions(writer, "session_id = %s", (session.id,)))[-1:]
        await eventually(lambda: (hub.position or ORIGIN) >= Cursor.parse(last), what="the tailer")
        published_meanwhile.set()
        await eventually(lambda: any(isinstance(f, Subscribed) for f in frames), what="live")
        await writers.log_text(writer, session, agent, "live")
        truth = await writers.positions(writer, "session_id = %s", (session.id,))
        await eventually(lambda: len(tokens) >= len(truth), what="every event")
        subscription.stop()
        draining.cancel()
    assert tokens == truth
    if buffer_limit >= 20:
        assert pages == 1  # the 20 rows written meanwhile came through the buffer
    else:
        assert pages >= 2  # the buffer overflowed, so the backfill read them instead


async def test_events_published_during_the_last_backfill_page_come_from_the_buffer(
    database: TestDatabase, writer: Conn
) -> None:
    await _hand_over(database, writer, buffer_limit=1000)


async def test_a_buffer_that_overflows_during_backfill_makes_it_read_on(
    database: TestDatabase, writer: Conn
) -> None:
    await _hand_over(database, writer, buffer_limit=5)
