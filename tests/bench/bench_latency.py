"""Commit → WebSocket client latency at a steady write rate, beside a bare LISTEN/NOTIFY
round trip on the same server.

A writer commits one log event per transaction at RATE events/s (its own autocommit
INSERT); SUBSCRIBERS clients of the read service watch the session. Latency is from the
moment the writer's INSERT+COMMIT call returns (the commit is durable) to the client's
receipt of the frame; how long the commit call itself took is reported beside it, since
this machine's disk sometimes stalls a commit for ~100 ms. The baseline times a bare
`NOTIFY` from just before the call to a bare psycopg listener.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx
import psycopg

from tests.bench.clients import subscribers, until
from tests.bench.harness import Bench, Figures, percentile
from tests.support import writers

SUBSCRIBERS = 50
RATE = 1000
SECONDS = 5.0
WARMUP = 200


async def _paced(count: int, rate: float, step: Callable[[int], Awaitable[None]]) -> None:
    """Call `step(i)` `count` times at `rate` per second (catching up if late)."""
    start = time.perf_counter()
    for i in range(count):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await step(i)


async def _bare_notify_round_trip(url: str, count: int) -> list[float]:
    sent: dict[str, float] = {}
    latencies: list[float] = []
    async with (
        await psycopg.AsyncConnection.connect(url, autocommit=True) as listener,
        await psycopg.AsyncConnection.connect(url, autocommit=True) as notifier,
    ):
        await listener.execute("LISTEN bench_round_trip")

        async def listen() -> None:
            async for note in listener.notifies():
                latencies.append(time.perf_counter() - sent[note.payload])
                if len(latencies) == count:
                    return

        receiving = asyncio.create_task(listen())

        async def notify(i: int) -> None:
            sent[str(i)] = time.perf_counter()
            await notifier.execute(f"NOTIFY bench_round_trip, '{i}'")

        await _paced(count, RATE, notify)
        await asyncio.wait_for(receiving, 30)
    return latencies


async def measure(bench: Bench) -> Figures:
    """p50/p99 of commit → WebSocket client, and of the bare NOTIFY round trip."""
    count = int(RATE * SECONDS)
    with bench.database() as database:
        async with (
            await psycopg.AsyncConnection.connect(database.url, autocommit=True) as writer,
            bench.read_service(database) as url,
        ):
            session, agent = await writers.new_session(writer)
            async with subscribers(url, SUBSCRIBERS, f"session:{session.id}", timed=True) as subs:
                committed: dict[int, float] = {}
                commit_calls: list[float] = []

                async def write(i: int) -> None:
                    started = time.perf_counter()
                    event_id = await writers.log_text(writer, session, agent, f"line {i}")
                    committed[event_id] = done = time.perf_counter()
                    commit_calls.append(done - started)

                await _paced(WARMUP, RATE, write)
                await until(lambda: all(s.count >= WARMUP for s in subs), 30)
                measured_from = len(committed)
                await _paced(count, RATE, write)
                total = WARMUP + count
                if not await until(lambda: all(s.count >= total for s in subs), 60):
                    counts = sorted(s.count for s in subs)
                    async with httpx.AsyncClient(base_url=url) as http:
                        health = (await http.get("/api/health")).text
                    raise RuntimeError(
                        f"latency: clients got {counts[0]}..{counts[-1]} of {total} events;"
                        f" last written id {list(committed)[-1]}; service health {health}"
                    )
                resyncs = sum(s.resyncs for s in subs)
            ids = list(committed)[measured_from:]
            latencies = [
                sub.arrivals[event_id] - committed[event_id]
                for sub in subs
                if sub.arrivals is not None
                for event_id in ids
                if event_id in sub.arrivals
            ]
            missing = SUBSCRIBERS * len(ids) - len(latencies)
        bare = await _bare_notify_round_trip(database.url, count)
    return {
        "latency_p50_ms": percentile(latencies, 0.50) * 1000,
        "latency_p99_ms": percentile(latencies, 0.99) * 1000,
        "latency_missing_deliveries": float(missing),
        "latency_resyncs": float(resyncs),
        "writer_commit_call_p99_ms": percentile(commit_calls[WARMUP:], 0.99) * 1000,
        "writer_commit_call_max_ms": max(commit_calls[WARMUP:]) * 1000,
        "bare_notify_p50_ms": percentile(bare, 0.50) * 1000,
        "bare_notify_p99_ms": percentile(bare, 0.99) * 1000,
    }


def report(f: Figures) -> list[str]:
    return [
        f"commit -> ws client, {SUBSCRIBERS} subscribers at {RATE}/s: p50"
        f" {f['latency_p50_ms']:.2f} ms, p99 {f['latency_p99_ms']:.2f} ms (target p99 < 10 ms;"
        f" {f['latency_missing_deliveries']:.0f} deliveries missing,"
        f" {f['latency_resyncs']:.0f} resyncs)",
        f"  bare LISTEN/NOTIFY round trip: p50 {f['bare_notify_p50_ms']:.2f} ms,"
        f" p99 {f['bare_notify_p99_ms']:.2f} ms",
        f"  (before that: the writer's INSERT+COMMIT call, p99"
        f" {f['writer_commit_call_p99_ms']:.2f} ms, max {f['writer_commit_call_max_ms']:.1f} ms)",
    ]
