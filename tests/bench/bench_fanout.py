"""Fan-out throughput: events delivered per second to many WebSocket clients of one topic,
at 200 and at 1,000 clients, beside two baselines sending the same frames to the same
number of clients, all on uvloop and real sockets of 127.0.0.1.

Ours: a writer process (writer_process.py, so the bench's own clients cannot hold it up)
commits the events (in transactions of `transaction` rows, as a chatty agent's journal
is batched) and every client, subscribed to the session, receives them from the read
service, which packs the events a client has waiting into one frame.
Bare: a plain websockets server (bare_broadcast.py) broadcasts, to its own clients, the
very frames one of our clients received in the same repeat: the same events per frame,
the same bytes.
ChannelsPlugin: Litestar's plugin (channels_app.py) publishes those same frames, one
message each, to its clients (equal batching).
Each repeat runs ours, then bare, then the plugin; a figure is the median of REPEATS.
events/s = clients x events / (last client complete - start), frames/s likewise; the
start is when the first events exist where the server can send them from: once the
first transaction has committed for ours (the rest are written while it sends), once the
frames are loaded, at `go`, for the baselines. Every client must get every event once, in
order (`fanout_wrong`).
"""

from __future__ import annotations

import asyncio
import time
from typing import NamedTuple

import psycopg

from tests.bench.clients import Subscriber, connected, subscribers, until, wrong_deliveries
from tests.bench.harness import (
    Bench,
    BroadcastServer,
    Database,
    bare_server,
    channels_server,
    cpu_seconds,
    raise_fd_limit,
    rss_bytes,
)
from tests.bench.results import REPEATS, Figures, ratios, shown, spread
from tests.bench.writer_pool import WriterProcess, writer_processes
from tests.support import writers

MB = 1024 * 1024


class Workload(NamedTuple):
    clients: int
    events: int
    transaction: int


WORKLOADS = (Workload(200, 2000, 500), Workload(1000, 1000, 250))
SUBSCRIBED = '{"type":"subscribed"}'
"""What the ChannelsPlugin clients are sent until each has it: proof it is subscribed."""


class Run(NamedTuple):
    events_per_s: float
    frames_per_s: float
    events_per_frame: float
    cpu_us_per_delivery: float
    """The server process's CPU time (user + system) per event delivered to one client."""
    wrong: int


class _Clock(NamedTuple):
    started: float
    """time.monotonic, comparable with the writer process's."""
    cpu: float


def _start(pid: int) -> _Clock:
    return _Clock(time.monotonic(), cpu_seconds(pid))


async def _finish(clients: list[Subscriber], work: Workload, pid: int, clock: _Clock) -> Run:
    """Once every client has every event (or time is up): the run's figures."""
    await until(lambda: all(client.count >= work.events for client in clients), 180)
    elapsed = time.monotonic() - clock.started
    deliveries = work.clients * work.events
    frames = sum(client.frames for client in clients)
    cpu = cpu_seconds(pid) - clock.cpu
    return Run(
        deliveries / elapsed,
        frames / elapsed,
        deliveries / max(frames, 1),
        cpu * 1e6 / deliveries,
        wrong_deliveries(clients, work.events),
    )


async def _ours(
    writer: WriterProcess, clients: list[Subscriber], work: Workload, pid: int
) -> tuple[Run, list[str]]:
    """One repeat of ours; its figures and the frames the first client received."""
    for client in clients:
        client.reset()
    cpu = cpu_seconds(pid)
    await writer.go(work.events, work.transaction)
    answer = await writer.answer()
    run = await _finish(clients, work, pid, _Clock(answer.first_commit, cpu))
    assert clients[0].kept is not None
    return run, list(clients[0].kept)


async def _baseline(
    server: BroadcastServer, clients: list[Subscriber], frames: list[str], work: Workload
) -> Run:
    for client in clients:
        client.reset()
    await server.load(frames)
    clock = _start(server.pid)
    await server.go()
    run = await _finish(clients, work, server.pid, clock)
    await server.done()
    return run


async def _knock(server: BroadcastServer, clients: list[Subscriber]) -> None:
    """The plugin subscribes a socket after accepting it: knock until every one answers."""
    while not all(client.subscribed.is_set() for client in clients):
        await server.load([SUBSCRIBED])
        await server.go()
        await server.done()
        await asyncio.sleep(0.1)


async def _workload(database: Database, bench: Bench, work: Workload) -> Figures:
    n = work.clients
    runs: dict[str, list[Run]] = {"fanout": [], "bare_broadcast": [], "channels_plugin": []}
    async with await psycopg.AsyncConnection.connect(database.url, autocommit=True) as conn:
        session, agent = await writers.new_session(conn)
    async with (
        bench.read_service_process(database) as (url, pid),
        bare_server() as bare,
        channels_server() as channels,
        writer_processes(
            database.url, "positions", [(session.project_id, session.id, agent.id)]
        ) as [writer],
        subscribers(url, n, f"session:{session.id}", keep=1) as ours_clients,
        connected(bare.url, n) as bare_clients,
        connected(channels.url, n) as channels_clients,
    ):
        await _knock(channels, channels_clients)
        await _ours(writer, ours_clients, work, pid)  # warm up
        for _ in range(REPEATS):
            run, frames = await _ours(writer, ours_clients, work, pid)
            runs["fanout"].append(run)
            runs["bare_broadcast"].append(await _baseline(bare, bare_clients, frames, work))
            runs["channels_plugin"].append(
                await _baseline(channels, channels_clients, frames, work)
            )
        peak_rss = rss_bytes(pid, "VmHWM") / MB
    figures: Figures = {
        f"fanout_{n}_read_peak_rss_mb": peak_rss,
        f"fanout_{n}_wrong": float(sum(run.wrong for each in runs.values() for run in each)),
    }
    figures |= spread(f"fanout_{n}_events_per_frame", [r.events_per_frame for r in runs["fanout"]])
    for name, each in runs.items():
        figures |= spread(f"{name}_{n}_events_per_s", [run.events_per_s for run in each])
        figures |= spread(f"{name}_{n}_frames_per_s", [run.frames_per_s for run in each])
        figures |= spread(
            f"{name}_{n}_cpu_us_per_delivery", [run.cpu_us_per_delivery for run in each]
        )
    ours = [run.events_per_s for run in runs["fanout"]]
    figures |= ratios(f"fanout_{n}_vs_bare", ours, [r.events_per_s for r in runs["bare_broadcast"]])
    figures |= ratios(
        f"fanout_{n}_vs_channels", ours, [r.events_per_s for r in runs["channels_plugin"]]
    )
    return figures


async def measure(bench: Bench) -> Figures:
    raise_fd_limit(6 * max(work.clients for work in WORKLOADS) + 256)
    figures: Figures = {}
    with bench.database() as database:
        for work in WORKLOADS:
            figures |= await _workload(database, bench, work)
    return figures


def _line(f: Figures, n: int, name: str) -> str:
    return (
        f"{shown(f, f'{name}_{n}_events_per_s', ' events/s', 0)},"
        f" {shown(f, f'{name}_{n}_frames_per_s', ' frames/s', 0)},"
        f" server CPU {f[f'{name}_{n}_cpu_us_per_delivery']:.2f} us/delivery"
    )


def report(f: Figures) -> list[str]:
    lines = []
    for work in WORKLOADS:
        n = work.clients
        lines += [
            f"fan-out to {n:,} clients ({work.events:,} events in {work.transaction}-event"
            f" transactions, {f[f'fanout_{n}_events_per_frame']:.0f} events per frame;"
            f" {REPEATS} runs):",
            f"  ours: {_line(f, n, 'fanout')}",
            f"  bare websockets broadcast of the same frames: {_line(f, n, 'bare_broadcast')}",
            f"  Litestar ChannelsPlugin, the same frames: {_line(f, n, 'channels_plugin')}",
            f"  ratio to bare {shown(f, f'fanout_{n}_vs_bare', 'x')} (target >= 0.8x),"
            f" to ChannelsPlugin {shown(f, f'fanout_{n}_vs_channels', 'x')} (target > 1x);"
            f" read service peak RSS {f[f'fanout_{n}_read_peak_rss_mb']:.0f} MB"
            f" (target <= 200 MB at 1,000); {f[f'fanout_{n}_wrong']:.0f} deliveries lost,"
            " repeated or out of order",
        ]
    return lines
