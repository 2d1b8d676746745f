"""The hand-over from a REST snapshot (or the live position) to the feed: "GET, then
subscribe after the token" misses nothing and repeats nothing, while writes go on."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import msgspec
import psycopg

from shared.contract.cursor import Cursor
from shared.contract.enums import EventKind, SessionStatus
from shared.contract.events import EventView
from shared.contract.wire import AgentView, Page, SessionView
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.feed_client import feed_client
from tests.support.read_service import Conn, RunningRead, tailer_caught_up
from tests.support.waiting import eventually


@contextlib.asynccontextmanager
async def streaming(
    database: TestDatabase, targets: list[tuple[SessionView, AgentView]]
) -> AsyncIterator[None]:
    """Log events keep being committed to `targets` for the duration of the block."""
    stop = asyncio.Event()
    async with (
        await psycopg.AsyncConnection.connect(database.url, autocommit=True) as conn,
        await psycopg.AsyncConnection.connect(database.url, autocommit=True) as observer,
    ):
        before = len(await writers.positions(observer))
        task = asyncio.create_task(writers.keep_writing(conn, targets, stop))
        try:

            async def writing() -> bool:
                return len(await writers.positions(observer)) > before

            await eventually(writing, what="the writes to begin")
            yield
        finally:
            stop.set()
            assert await task > 0


async def test_events_page_token_then_subscribe_is_exact(
    database: TestDatabase, read: RunningRead, http: httpx.AsyncClient, writer: Conn
) -> None:
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"

    async with feed_client(read.url) as client:
        async with streaming(database, [(session, agent)]):
            fetched: list[EventView] = []
            after: str | None = None
            while True:
                params = {"limit": "100"} | ({"after": after} if after else {})
                response = await http.get(f"/api/sessions/{session.id}/events", params=params)
                page = msgspec.json.decode(response.content, type=Page[EventView])
                fetched.extend(page.items)
                if page.next is None:
                    break
                after = page.next
            await client.subscribe(topic, after=page.token)
            await client.wait_subscribed(topic)
            await client.wait_tokens(topic, 20)
        await writers.log_text(writer, session, agent, "the end")
        truth = await writers.positions(writer, "session_id = %s", (session.id,))
        await client.wait_tokens(topic, len(truth) - len(fetched))
        assert [e.token for e in fetched] + client.tokens(topic) == truth


async def test_sessions_snapshot_token_then_subscribe_ends_consistent(
    database: TestDatabase, read: RunningRead, http: httpx.AsyncClient, writer: Conn
) -> None:
    project = await writers.create_project(writer)
    sessions = [await writers.create_session(writer, project) for _ in range(3)]

    async def churn(stop: asyncio.Event) -> None:
        async with await psycopg.AsyncConnection.connect(database.url, autocommit=True) as conn:
            statuses = [SessionStatus.RUNNING, SessionStatus.INTERRUPTED, SessionStatus.QUEUED]
            while not stop.is_set():
                n = len(churned)
                await writers.set_session_status(conn, sessions[n % 3], statuses[n % 3])
                if n % 10 == 0:
                    sessions.append(await writers.create_session(conn, project))
                churned.append(n)

    churned: list[int] = []
    async with feed_client(read.url) as client:
        stop = asyncio.Event()
        churning = asyncio.create_task(churn(stop))
        await eventually(lambda: len(churned) >= 5, what="the churn to be under way")
        response = await http.get("/api/sessions", params={"limit": "200"})
        snapshot = msgspec.json.decode(response.content, type=Page[SessionView])
        await client.subscribe("sessions", after=snapshot.token)
        subscribed_at = len(churned)
        await eventually(lambda: len(churned) >= subscribed_at + 10, what="more changes")
        stop.set()
        await churning
        await writers.set_session_status(writer, sessions[0], SessionStatus.COMPLETED)

        token = Cursor.parse(snapshot.token)
        changes = await writers.positions(writer, "kind = 'session_changed'")
        expected = [t for t in changes if Cursor.parse(t) > token]
        await client.wait_tokens("sessions", len(expected))
        assert client.tokens("sessions") == expected

    # What a UI shows after applying the live changes to the snapshot is the database.
    shown = {s.id: s for s in snapshot.items}
    for event in client.events["sessions"]:
        assert event.kind is EventKind.SESSION_CHANGED, event
        shown[event.payload.id] = event.payload
    final = await http.get("/api/sessions", params={"limit": "200"})
    assert shown == {
        s.id: s for s in msgspec.json.decode(final.content, type=Page[SessionView]).items
    }


async def test_topics_route_by_kind_and_entity(read: RunningRead, writer: Conn) -> None:
    mine = await writers.create_project(writer)
    other = await writers.create_project(writer)
    await tailer_caught_up(read, writer)
    async with feed_client(read.url) as client:
        for topic in ("projects", "sessions", f"project:{mine.id}"):
            await client.subscribe(topic)  # live: from the tailer's position on
            await client.wait_subscribed(topic)
        session = await writers.create_session(writer, mine)
        await tailer_caught_up(read, writer)
        await client.subscribe(f"session:{session.id}")
        await client.wait_subscribed(f"session:{session.id}")
        agent = await writers.create_agent(writer, session)
        await writers.log_text(writer, session, agent, "hello")
        elsewhere = await writers.create_session(writer, other)
        third = await writers.create_project(writer)

        await client.wait_tokens("projects", 1)
        await client.wait_tokens("sessions", 2)
        await client.wait_tokens(f"session:{session.id}", 2)
        await client.wait_tokens(f"project:{mine.id}", 1)
        assert [e.payload for e in client.events["projects"]] == [third]
        assert [e.session_id for e in client.events["sessions"]] == [session.id, elsewhere.id]
        assert [e.kind for e in client.events[f"session:{session.id}"]] == [
            "agent_changed",
            "text",
        ]
        assert [e.session_id for e in client.events[f"project:{mine.id}"]] == [session.id]


async def test_reconnecting_with_the_last_token_again_and_again_is_exact(
    database: TestDatabase, read: RunningRead, writer: Conn
) -> None:
    """Each reconnect is a fresh hand-over while the tailer publishes; any gap or repeat
    at any of them shows in the concatenated stream."""
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"
    received: list[str] = []
    async with streaming(database, [(session, agent)]):
        for _ in range(40):
            async with feed_client(read.url) as client:
                await client.subscribe(topic, after=received[-1] if received else "0")
                await client.wait_subscribed(topic)
                await client.wait_tokens(topic, 3)
            received.extend(client.tokens(topic))
    await writers.log_text(writer, session, agent, "the end")
    async with feed_client(read.url) as client:
        await client.subscribe(topic, after=received[-1])
        truth = await writers.positions(writer, "session_id = %s", (session.id,))
        await client.wait_tokens(topic, len(truth) - len(received))
        received.extend(client.tokens(topic))
    assert received == truth
