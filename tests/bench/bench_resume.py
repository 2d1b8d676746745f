"""Resume: a client that was away while MISSED events were written reconnects with its
token and catches up; beside the bare SQL read of the same rows.

Ours: from sending `subscribe` (after the token) to the last missed event received.
Bare: one psycopg SELECT of the same rows in feed order. Alternately, REPEATS times,
each time after MISSED new events.
"""

from __future__ import annotations

import time

import psycopg

from tests.bench.clients import connected, until
from tests.bench.harness import Bench
from tests.bench.results import REPEATS, Figures, ratios, shown, spread
from tests.support import writers

MISSED = 10_000


async def measure(bench: Bench) -> Figures:
    ours: list[float] = []
    bare: list[float] = []
    wrong = 0
    with bench.database() as database:
        async with (
            await psycopg.AsyncConnection.connect(database.url, autocommit=True) as writer,
            bench.read_service(database) as url,
        ):
            session, agent = await writers.new_session(writer)
            ws_url = url.replace("http://", "ws://") + "/ws"
            for _ in range(REPEATS):
                [token] = (await writers.positions(writer, "session_id = %s", (session.id,)))[-1:]
                for first in range(0, MISSED, 1000):
                    async with writer.transaction():
                        texts = [f"missed line {n}" for n in range(first, first + 1000)]
                        await writers.log_many(writer, session, agent, texts)
                async with connected(ws_url, 1) as [client]:
                    started = time.perf_counter()
                    await client.socket.send(
                        f'{{"type":"subscribe","topic":"session:{session.id}","after":"{token}"}}'
                    )
                    if not await until(lambda: client.count >= MISSED, 60):
                        raise RuntimeError("resume: the client did not get every missed event")
                    ours.append(time.perf_counter() - started)
                    wrong += abs(client.count - MISSED) + client.wrong
                with psycopg.connect(database.reader_url) as reader:
                    started = time.perf_counter()
                    reader.execute(
                        "SELECT id, position, kind, payload::text, created_at FROM events"
                        " WHERE session_id = %s AND position > %s ORDER BY position",
                        (session.id, int(token)),
                    ).fetchall()
                    bare.append(time.perf_counter() - started)
    return {
        **spread("resume_10k_s", ours),
        **spread("bare_select_10k_s", bare),
        **ratios("resume_vs_bare_select", ours, bare),
        "resume_wrong": float(wrong),
    }


def report(f: Figures) -> list[str]:
    return [
        f"resume after {MISSED:,} missed events ({REPEATS} runs): caught up in"
        f" {shown(f, 'resume_10k_s', ' s')}",
        f"  bare SELECT of the same rows: {shown(f, 'bare_select_10k_s', ' s')}",
    ]
