"""Retention seen from the read service: a client whose token lies before a session's
retention horizon is told (resync marked `removed`, or 410), never given a silent gap;
a client after it resumes as usual; the sessions topic still ends at the final state."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import psycopg

from services.orchestrator.retention import horizons
from services.orchestrator.retention.args import Options
from services.orchestrator.retention.sweep import run
from shared.contract.enums import EventKind, SessionStatus
from shared.contract.frames import Resync, Subscribed
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.feed_client import FeedClient, feed_client
from tests.support.read_service import Conn, RunningRead

MONTH = timedelta(days=30)


async def _retain(database: TestDatabase) -> None:
    options = Options(older_than=MONTH, archive_dir=None, dry_run=False, batch_size=1000)
    await asyncio.to_thread(run, database.url, options, lambda _: None)


async def _subscribed(client: FeedClient, topic: str) -> list[Any]:
    """Every control frame of `topic` up to its `subscribed`."""
    await client.wait_subscribed(topic)
    return [f for f in client.frames if isinstance(f, Resync | Subscribed) and f.topic == topic]


async def test_a_token_before_the_horizon_gets_a_resync_never_a_gap(
    read: RunningRead, writer: Conn, database: TestDatabase
) -> None:
    old, agent = await writers.ended_session(writer, SessionStatus.COMPLETED, days_ago=40, lines=20)
    running, _ = await writers.ended_session(writer, SessionStatus.RUNNING, days_ago=40, lines=5)
    removed = await writers.positions(writer, "session_id = %s", (old.id,))
    await _retain(database)
    horizon = removed[-1]
    # The session goes on after the horizon (a debug agent, say): that part is kept.
    await writers.log_text(writer, old, agent, "after retention")
    kept = await writers.positions(writer, "session_id = %s AND agent_id IS NOT NULL", (old.id,))
    topic = f"session:{old.id}"

    async with (
        feed_client(read.url) as from_start,
        feed_client(read.url) as from_middle,
        feed_client(read.url) as from_horizon,
        feed_client(read.url) as other,
    ):
        await from_start.subscribe(topic, "0")
        await from_middle.subscribe(topic, removed[7])
        await from_horizon.subscribe(topic, horizon)
        await other.subscribe(f"session:{running.id}", "0")

        for client in (from_start, from_middle):
            resync, subscribed = await _subscribed(client, topic)
            assert resync == Resync(topic, horizon, resync.reason, removed=True)
            assert "removed by retention" in resync.reason
            assert isinstance(subscribed, Subscribed)
        assert [type(f) for f in await _subscribed(from_horizon, topic)] == [Subscribed]
        await other.wait_subscribed(f"session:{running.id}")
        assert not other.of_type(Resync)
        truth = await writers.positions(writer, "session_id = %s", (running.id,))
        assert other.tokens(f"session:{running.id}") == truth

        await writers.log_text(writer, old, agent, "live")
        live = (await writers.positions(writer, "session_id = %s", (old.id,)))[-1]
        for client in (from_start, from_middle, from_horizon):
            await client.wait_tokens(topic, 2)
            assert client.tokens(topic) == [*kept, live], "after the horizon: all, in order"


async def test_an_interrupted_run_already_resyncs(
    read: RunningRead, writer: Conn, database: TestDatabase
) -> None:
    """The horizon is committed before the first row goes: a reader that sees any row
    missing sees the horizon too, even while rows at or before it still exist."""
    old, _ = await writers.ended_session(writer, SessionStatus.FAILED, days_ago=40, lines=30)
    rows = await writers.positions(writer, "session_id = %s", (old.id,))
    with psycopg.connect(database.url, autocommit=True) as conn:
        round_ = horizons.begin_round(conn, old.id, MONTH)
        assert round_ is not None
        assert horizons.delete_batch(conn, round_, 5) == 5
    assert len(await writers.positions(writer, "session_id = %s", (old.id,))) == len(rows) - 5
    topic = f"session:{old.id}"

    async with feed_client(read.url) as client:
        await client.subscribe(topic, "0")
        [resync, _] = await _subscribed(client, topic)
        assert (resync.token, resync.removed) == (rows[-1], True)
        assert client.tokens(topic) == []
    async with httpx.AsyncClient(base_url=read.url, timeout=10) as http:
        answer = await http.get(f"/api/sessions/{old.id}/events")
        assert answer.status_code == 410


async def test_event_pages_before_the_horizon_are_gone(
    http: httpx.AsyncClient, writer: Conn, database: TestDatabase
) -> None:
    old, agent = await writers.ended_session(writer, SessionStatus.CANCELLED, days_ago=40, lines=10)
    young, _ = await writers.ended_session(writer, SessionStatus.COMPLETED, days_ago=2, lines=3)
    removed = await writers.positions(writer, "session_id = %s", (old.id,))
    await _retain(database)
    await writers.log_text(writer, old, agent, "after retention")
    horizon = removed[-1]
    after = await writers.positions(
        writer, "session_id = %s AND position > %s", (old.id, int(horizon))
    )

    for path in (f"/api/sessions/{old.id}/events", f"/api/agents/{agent.id}/events"):
        for query in ({}, {"after": "0"}, {"after": removed[3]}):
            gone = await http.get(path, params=query)
            assert gone.status_code == 410, (path, query)
            body = gone.json()
            assert "removed by retention" in body["detail"]
            assert body["extra"] == {"horizon": horizon}
    page = (await http.get(f"/api/sessions/{old.id}/events", params={"after": horizon})).json()
    assert [e["token"] for e in page["items"]] == after
    detail = (await http.get(f"/api/sessions/{old.slug}")).json()
    back = await http.get(f"/api/sessions/{old.id}/events", params={"before": detail["token"]})
    assert [e["token"] for e in back.json()["items"]] == after, "scrolling back ends there"
    assert back.json()["next"] is None
    retention = detail["retention"]
    assert retention["horizon"] == horizon
    assert retention["events_removed"] == len(removed) - 1
    assert retention["archive"] is None
    assert retention["finished_at"] is not None

    untouched = await http.get(f"/api/sessions/{young.id}/events")
    assert untouched.status_code == 200
    assert len(untouched.json()["items"]) == len(
        await writers.positions(writer, "session_id = %s", (young.id,))
    )
    assert (await http.get(f"/api/sessions/{young.id}")).json()["retention"] is None


async def test_the_sessions_topic_still_ends_at_every_final_state(
    read: RunningRead, writer: Conn, database: TestDatabase
) -> None:
    old, _ = await writers.ended_session(writer, SessionStatus.COMPLETED, days_ago=40, lines=4)
    await _retain(database)

    async with feed_client(read.url) as client:
        await client.subscribe("sessions", "0")
        await client.subscribe(f"project:{old.project_id}", "0")
        await client.wait_subscribed("sessions")
        await client.wait_subscribed(f"project:{old.project_id}")
        assert not client.of_type(Resync)
        for topic in ("sessions", f"project:{old.project_id}"):
            changes = [e for e in client.events[topic] if e.kind is EventKind.SESSION_CHANGED]
            assert [e.payload.status for e in changes] == ["completed"]
            assert changes[-1].payload.id == old.id
