"""Commit → WebSocket client latency at a steady write rate, beside a bare relay.

Ours: SUBSCRIBERS clients of the read service watch a session. Bare: SUBSCRIBERS
clients of bare_relay.py (LISTEN, then SELECT the new rows, then one frame to every
client) watch another session of the same database. One writer commits one log event
per transaction at RATE events/s, a run to one session, then a run to the other,
REPEATS times each, alternating, so both see the same machine.

Both sides are stamped at the same point on the same clock: just before the writer's
INSERT+COMMIT call (time.perf_counter in this process, where the clients also run), and
on a client's receipt of the frame. Every client of every run must receive every event
of the run once, in order (`latency_wrong` counts what did not).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import psycopg

from shared.contract.wire import AgentView, SessionView
from shared.db.feed_positions import TAKE_POSITIONS
from tests.bench.clients import Subscriber, connected, subscribers, until, wrong_deliveries
from tests.bench.harness import Bench, relay_server
from tests.bench.results import REPEATS, Figures, percentile, ratios, shown, spread
from tests.support import writers

SUBSCRIBERS = 50
RATE = 1000
EVENTS = 1000
"""Per run: one second at RATE."""
WARMUP = 100

_APPEND = (
    f"WITH taken AS ({TAKE_POSITIONS})"
    " INSERT INTO events (position, project_id, session_id, agent_id, kind, payload)"
    " SELECT last_position, %s, %s, %s, 'text', jsonb_build_object('text', %s::text,"
    " 'truncated', false) FROM taken RETURNING position"
)


async def _paced(count: int, rate: float, step: Callable[[int], Awaitable[None]]) -> None:
    """Call `step(i)` `count` times at `rate` per second (catching up if late)."""
    start = time.perf_counter()
    for i in range(count):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await step(i)


class _Run:
    """One run: events written to one session, and when each was sent."""

    def __init__(self, writer: writers.Conn, session: SessionView, agent_id: int) -> None:
        self.writer = writer
        self.params = (session.project_id, session.id, agent_id)
        self.sent: dict[int, float] = {}

    async def write(self, i: int) -> None:
        started = time.perf_counter()
        cursor = await self.writer.execute(_APPEND, (1, *self.params, f"line {i}"))
        row = await cursor.fetchone()
        assert row is not None
        self.sent[int(row[0])] = started


async def _run(
    writer: writers.Conn,
    target: tuple[SessionView, AgentView],
    clients: list[Subscriber],
    count: int,
) -> tuple[list[float], int]:
    """Write `count` events at RATE; (every client's latency of every event, wrong)."""
    for client in clients:
        client.reset()
        assert client.arrivals is not None
        client.arrivals.clear()
    run = _Run(writer, target[0], target[1].id)
    await _paced(count, RATE, run.write)
    await until(lambda: all(client.count >= count for client in clients), 60)
    latencies = [
        arrivals[position] - sent
        for client in clients
        if (arrivals := client.arrivals) is not None
        for position, sent in run.sent.items()
        if position in arrivals
    ]
    return latencies, wrong_deliveries(clients, count)


async def measure(bench: Bench) -> Figures:
    with bench.database() as database:
        async with await psycopg.AsyncConnection.connect(database.url, autocommit=True) as writer:
            ours_target = await writers.new_session(writer)
            bare_target = await writers.new_session(writer)
            async with (
                bench.read_service(database) as url,
                relay_server(database, bare_target[0].id) as relay_url,
                subscribers(
                    url, SUBSCRIBERS, f"session:{ours_target[0].id}", timed=True
                ) as ours_clients,
                connected(relay_url, SUBSCRIBERS, timed=True) as relay_clients,
            ):
                await _run(writer, ours_target, ours_clients, WARMUP)
                await _run(writer, bare_target, relay_clients, WARMUP)
                ours: list[list[float]] = []
                bare: list[list[float]] = []
                wrong = 0
                for _ in range(REPEATS):
                    latencies, missed = await _run(writer, ours_target, ours_clients, EVENTS)
                    ours.append(latencies)
                    wrong += missed
                    latencies, missed = await _run(writer, bare_target, relay_clients, EVENTS)
                    bare.append(latencies)
                    wrong += missed
    figures: Figures = {"latency_wrong": float(wrong)}
    for name, fraction in (("p50", 0.5), ("p99", 0.99)):
        ours_ms = [percentile(run, fraction) * 1000 for run in ours]
        bare_ms = [percentile(run, fraction) * 1000 for run in bare]
        figures |= spread(f"latency_{name}_ms", ours_ms)
        figures |= spread(f"relay_latency_{name}_ms", bare_ms)
        figures |= ratios(f"latency_{name}_vs_relay", ours_ms, bare_ms)
    return figures


def report(f: Figures) -> list[str]:
    return [
        f"commit -> ws client, {SUBSCRIBERS} subscribers at {RATE}/s, one event per"
        f" transaction ({REPEATS} runs of {EVENTS:,}; median (min-max) of the runs):",
        f"  ours: p50 {shown(f, 'latency_p50_ms', ' ms')}, p99 {shown(f, 'latency_p99_ms', ' ms')}",
        "  bare NOTIFY -> SELECT -> WebSocket relay:"
        f" p50 {shown(f, 'relay_latency_p50_ms', ' ms')},"
        f" p99 {shown(f, 'relay_latency_p99_ms', ' ms')}",
        f"  ratio: p50 {shown(f, 'latency_p50_vs_relay', 'x')} (target <= 2x),"
        f" p99 {shown(f, 'latency_p99_vs_relay', 'x')} (target <= 3x);"
        f" {f['latency_wrong']:.0f} deliveries lost, repeated or out of order",
    ]
