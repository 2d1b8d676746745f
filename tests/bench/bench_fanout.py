"""Fan-out throughput: events delivered per second to many WebSocket clients of one topic,
at 200 and at 1,000 clients, beside two baselines serving the same number of clients the
same number of events, all on real sockets of 127.0.0.1:

Ours: a writer commits the events (in transactions of `transaction` rows, as a chatty
agent's journal is batched) and every client, subscribed to the session, counts what
it receives from the read service.
Bare: a plain websockets server (bare_broadcast.py) broadcasts one-event frames.
ChannelsPlugin: a minimal Litestar app (channels_app.py) under the read service's uvicorn
settings; the writer sends one NOTIFY per event carrying its frame (what
PsycoPgChannelsBackend.publish sends; here batched per transaction on one connection
instead of a new connection per publish, so the publisher is not what is measured),
and the plugin sends each to every client as one message.
All: deliveries/s = clients x events / (last client complete - first write).

Ours packs the events a client has waiting into one frame (up to 256 KB); both baselines
send one message per event. That batching is the read service's design, and why it leads.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from typing import NamedTuple

import httpx
import msgspec
import psycopg

from shared.contract.events import EventView
from shared.contract.wire import Page
from tests.bench import channels_app
from tests.bench.bare_broadcast import sample_frame
from tests.bench.clients import Subscriber, connected, subscribers, until
from tests.bench.harness import (
    Bench,
    Figures,
    bare_server,
    child_process,
    cpu_seconds,
    first_connection,
    raise_fd_limit,
    rss_bytes,
)
from tests.support import writers
from tests.support.ports import free_port


class Workload(NamedTuple):
    clients: int
    events: int
    transaction: int


WORKLOADS = (Workload(200, 2000, 500), Workload(1000, 1000, 250))
SUBSCRIBED = '{"type":"subscribed"}'
"""What the ChannelsPlugin clients are sent until each has it: proof it is subscribed."""


class Run(NamedTuple):
    deliveries_per_s: float
    cpu_us_per_delivery: float
    """The server process's CPU time (user + system) per event delivered to one client."""


def _complete(clients: list[Subscriber], events: int) -> bool:
    return all(client.count >= events for client in clients)


async def _delivered(
    clients: list[Subscriber],
    work: Workload,
    server_pid: int,
    start: tuple[float, float],
    what: str,
) -> Run:
    """Deliveries/s and server CPU per delivery, once every client has every event."""
    if not await until(lambda: _complete(clients, work.events), 180):
        counts = sorted(client.count for client in clients)
        raise RuntimeError(f"{what}: clients got {counts[0]}..{counts[-1]} of {work.events}")
    started, cpu_before = start
    deliveries = work.clients * work.events
    cpu = cpu_seconds(server_pid) - cpu_before
    return Run(deliveries / (time.perf_counter() - started), cpu * 1e6 / deliveries)


def _clock(server_pid: int) -> tuple[float, float]:
    return time.perf_counter(), cpu_seconds(server_pid)


async def _ours(url: str, pid: int, writer: writers.Conn, work: Workload) -> tuple[Run, EventView]:
    session, agent = await writers.new_session(writer)
    async with subscribers(url, work.clients, f"session:{session.id}") as clients:
        start = _clock(pid)
        for first in range(0, work.events, work.transaction):
            texts = [f"line {n} of a chatty agent" for n in range(first, first + work.transaction)]
            async with writer.transaction():
                await writers.log_many(writer, session, agent, texts)
        run = await _delivered(clients, work, pid, start, "fan-out")
    async with httpx.AsyncClient(base_url=url) as http:
        response = await http.get(f"/api/sessions/{session.id}/events?limit=1")
    return run, msgspec.json.decode(response.content, type=Page[EventView]).items[0]


async def _bare(frame: str, work: Workload) -> Run:
    async with bare_server() as server, connected(server.url, work.clients) as clients:
        start = _clock(server.pid)
        await server.control.send(f"go {work.events} {frame}")
        return await _delivered(clients, work, server.pid, start, "bare broadcast")


async def _notify(conn: writers.Conn, payloads: list[str]) -> None:
    """One NOTIFY per payload, all in one transaction (delivered in order at commit)."""
    async with conn.transaction():
        await conn.execute(
            "SELECT pg_notify(%s, payload) FROM unnest(%s::text[]) AS payload",
            (channels_app.CHANNEL, payloads),
        )


async def _channels(dsn: str, sample: EventView, work: Workload) -> Run:
    # Distinct payloads: PostgreSQL folds identical notifications of one transaction.
    frames = [
        sample_frame(msgspec.structs.replace(sample, id=sample.id + n)) for n in range(work.events)
    ]
    port = free_port()
    argv = [sys.executable, "-m", "tests.bench.channels_app", str(port), dsn]
    url = f"ws://127.0.0.1:{port}{channels_app.PATH}"
    async with (
        child_process(argv, dict(os.environ)) as app,
        await psycopg.AsyncConnection.connect(dsn, autocommit=True) as writer,
    ):
        probe = await first_connection(url)
        await probe.close()
        async with connected(url, work.clients) as clients:
            # The plugin subscribes a socket after accepting it; knock until all answer.
            while not all(client.subscribed.is_set() for client in clients):
                await _notify(writer, [SUBSCRIBED])
                await asyncio.sleep(0.1)
            start = _clock(app.pid)
            for first in range(0, work.events, work.transaction):
                await _notify(writer, frames[first : first + work.transaction])
            return await _delivered(clients, work, app.pid, start, "ChannelsPlugin")


def _figures(n: int, name: str, run: Run) -> Figures:
    return {
        f"{name}_{n}_deliveries_per_s": run.deliveries_per_s,
        f"{name}_{n}_cpu_us_per_delivery": run.cpu_us_per_delivery,
    }


async def measure(bench: Bench) -> Figures:
    raise_fd_limit(2 * max(work.clients for work in WORKLOADS) + 256)
    figures: Figures = {}
    with bench.database() as database:
        ours: dict[int, Run] = {}
        async with (
            await psycopg.AsyncConnection.connect(database.url, autocommit=True) as writer,
            bench.read_service_process(database) as (url, pid),
        ):
            for work in WORKLOADS:
                ours[work.clients], sample = await _ours(url, pid, writer, work)
            figures["fanout_read_peak_rss_mb"] = rss_bytes(pid, "VmHWM") / (1024 * 1024)
        for work in WORKLOADS:
            n = work.clients
            bare = await _bare(sample_frame(sample), work)
            channels = await _channels(database.url, sample, work)
            figures |= {
                **_figures(n, "fanout", ours[n]),
                **_figures(n, "bare_broadcast", bare),
                **_figures(n, "channels_plugin", channels),
                f"fanout_{n}_vs_bare": ours[n].deliveries_per_s / bare.deliveries_per_s,
                f"fanout_{n}_vs_channels_plugin": ours[n].deliveries_per_s
                / channels.deliveries_per_s,
            }
    return figures


def _line(f: Figures, n: int, name: str) -> str:
    return (
        f"{f[f'{name}_{n}_deliveries_per_s']:,.0f} deliveries/s,"
        f" server CPU {f[f'{name}_{n}_cpu_us_per_delivery']:.2f} us/delivery"
    )


def report(f: Figures) -> list[str]:
    lines = []
    for work in WORKLOADS:
        n = work.clients
        lines += [
            f"fan-out to {n:,} clients ({work.events:,} events): {_line(f, n, 'fanout')}"
            f" ({f[f'fanout_{n}_vs_bare']:.2f}x bare, target >= 0.5x;"
            f" {f[f'fanout_{n}_vs_channels_plugin']:.2f}x ChannelsPlugin, target > 1x)",
            f"  bare websockets broadcast: {_line(f, n, 'bare_broadcast')}",
            f"  Litestar ChannelsPlugin (psycopg backend): {_line(f, n, 'channels_plugin')}",
        ]
    lines.append(f"  read service peak RSS over these runs: {f['fanout_read_peak_rss_mb']:.0f} MB")
    return lines
