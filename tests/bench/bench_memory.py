"""Memory of the read service with many idle subscribers: its resident set (VmRSS) with no
client and with CLIENTS WebSocket clients each subscribed to a session, beside a bare
`websockets` server (bare_broadcast.py) holding the same number of idle connections.

Both are the real processes, measured from /proc after the clients have settled, REPEATS
times each (the clients connect, are measured, and leave); the difference divided by
CLIENTS is what one connected browser costs the server. The peak under load is measured
by the fan-out figure (fanout_1000_read_peak_rss_mb).
"""

from __future__ import annotations

import asyncio

import psycopg

from tests.bench.clients import connected, subscribers
from tests.bench.harness import Bench, bare_server, raise_fd_limit, rss_bytes
from tests.bench.results import REPEATS, Figures, shown, spread
from tests.support import writers

CLIENTS = 1000
SETTLE = 1.0
"""Seconds left for the servers to finish handling the connections before measuring."""
MB = 1024 * 1024


async def _settled_rss(pid: int) -> float:
    await asyncio.sleep(SETTLE)
    return rss_bytes(pid) / MB


async def measure(bench: Bench) -> Figures:
    raise_fd_limit(2 * CLIENTS + 256)
    ours: list[float] = []
    bare: list[float] = []
    with bench.database() as database:
        async with (
            await psycopg.AsyncConnection.connect(database.url, autocommit=True) as writer,
            bench.read_service_process(database) as (url, pid),
            bare_server() as server,
        ):
            session, _ = await writers.new_session(writer)
            idle, bare_idle = await _settled_rss(pid), await _settled_rss(server.pid)
            for _ in range(REPEATS):
                async with subscribers(url, CLIENTS, f"session:{session.id}"):
                    ours.append(await _settled_rss(pid))
                async with connected(server.url, CLIENTS):
                    bare.append(await _settled_rss(server.pid))
    return {
        "read_rss_0_clients_mb": idle,
        **spread(f"read_rss_{CLIENTS}_clients_mb", ours),
        "read_rss_kb_per_client": (min(ours) - idle) * 1024 / CLIENTS,
        "bare_rss_0_clients_mb": bare_idle,
        **spread(f"bare_rss_{CLIENTS}_clients_mb", bare),
        "bare_rss_kb_per_client": (min(bare) - bare_idle) * 1024 / CLIENTS,
    }


def report(f: Figures) -> list[str]:
    return [
        f"read service RSS with {CLIENTS:,} idle subscribed clients:"
        f" {shown(f, f'read_rss_{CLIENTS}_clients_mb', ' MB', 0)};"
        f" {f['read_rss_0_clients_mb']:.0f} MB with none,"
        f" {f['read_rss_kb_per_client']:.0f} KB per client",
        f"  bare websockets server: {shown(f, f'bare_rss_{CLIENTS}_clients_mb', ' MB', 0)} with"
        f" {CLIENTS:,}, {f['bare_rss_0_clients_mb']:.0f} MB with none,"
        f" {f['bare_rss_kb_per_client']:.0f} KB per client",
    ]
