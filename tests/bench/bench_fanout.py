"""Fan-out throughput: events delivered per second to many WebSocket clients of one
topic, beside a bare `websockets` broadcast of the same frames to the same clients.

Ours: a writer commits EVENTS log events (in transactions of 500, as a chatty agent
would be batched) and CLIENTS subscribers of the session count what they receive.
Bare: a plain websockets server broadcasts EVENTS one-event frames to CLIENTS clients.
Both: deliveries/s = CLIENTS x EVENTS / (last client complete - start).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

import httpx
import msgspec
import psycopg
import websockets

from shared.wire import EventView, Page
from tests.bench.bare_broadcast import sample_frame
from tests.bench.clients import Subscriber, connected, subscribers, until
from tests.bench.harness import Bench, Figures, child_process, free_port
from tests.read import writers

CLIENTS = 200
EVENTS = 2000
TRANSACTION = 500


def _complete(clients: list[Subscriber]) -> bool:
    return all(client.count >= EVENTS for client in clients)


async def _ours(bench: Bench) -> tuple[float, EventView]:
    with bench.database() as database:
        async with (
            await psycopg.AsyncConnection.connect(database.url, autocommit=True) as writer,
            bench.read_service(database) as url,
        ):
            session, agent = await writers.new_session(writer)
            async with subscribers(url, CLIENTS, f"session:{session.id}") as clients:
                started = time.perf_counter()
                for first in range(0, EVENTS, TRANSACTION):
                    texts = [
                        f"line {n} of a chatty agent" for n in range(first, first + TRANSACTION)
                    ]
                    async with writer.transaction():
                        await writers.log_many(writer, session, agent, texts)
                if not await until(lambda: _complete(clients), 120):
                    raise RuntimeError("fan-out: not every client got every event")
                elapsed = time.perf_counter() - started
            async with httpx.AsyncClient(base_url=url) as http:
                response = await http.get(f"/api/sessions/{session.id}/events?limit=1")
    sample = msgspec.json.decode(response.content, type=Page[EventView]).items[0]
    return CLIENTS * EVENTS / elapsed, sample


async def _bare(frame: str) -> float:
    port = free_port()
    async with child_process(
        [sys.executable, "-m", "tests.bench.bare_broadcast", str(port)], dict(os.environ)
    ):
        url = f"ws://127.0.0.1:{port}/"
        control = None
        for _ in range(100):
            try:
                control = await websockets.connect(url)
                break
            except OSError:
                await asyncio.sleep(0.1)
        assert control is not None, "bare broadcast server did not start"
        async with control, connected(url, CLIENTS) as clients:
            started = time.perf_counter()
            await control.send(f"go {EVENTS} {frame}")
            if not await until(lambda: _complete(clients), 120):
                raise RuntimeError("bare broadcast: not every client got every message")
            elapsed = time.perf_counter() - started
    return CLIENTS * EVENTS / elapsed


async def measure(bench: Bench) -> Figures:
    ours, sample = await _ours(bench)
    bare = await _bare(sample_frame(sample))
    return {
        "fanout_deliveries_per_s": ours,
        "bare_broadcast_deliveries_per_s": bare,
        "fanout_ratio": ours / bare,
    }


def report(f: Figures) -> list[str]:
    return [
        f"fan-out to {CLIENTS} clients: {f['fanout_deliveries_per_s']:,.0f} deliveries/s"
        f" ({f['fanout_ratio']:.2f}x bare; target >= 0.5x)",
        f"  bare websockets broadcast: {f['bare_broadcast_deliveries_per_s']:,.0f} deliveries/s",
    ]
