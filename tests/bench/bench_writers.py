"""What the feed counter costs the writers: journal throughput of 1, 2 and 4 concurrent
orchestrator-like writer processes, with positions taken from the counter (migration
0007; the database at 0008, before the search vector) beside the first design's
`(xid, id)` journal (a database at migration 0006), at the journal's full batches (500
rows) and at small ones (10 rows, a slow agent's timer flush).

Each writer is a process of its own (writer_process.py) appending its agent's entries;
all start together, and a run's throughput is every row written divided by the time
from the first start to the last end. Schemes alternate run by run, REPEATS times.
With the counter, writers serialize the last instant of each transaction (the counter
UPDATE, the COPY, the COMMIT), so it is the small transactions that show the price.
Rows written are counted afterwards (`writers_wrong`: any missing or extra).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import psycopg

from tests.bench.harness import Bench, Database
from tests.bench.results import REPEATS, Figures, ratios, shown, spread
from tests.bench.writer_pool import WriterProcess, writer_processes

WRITERS = (1, 2, 4)
BATCHES = {500: 20_000, 10: 1_000}
"""Rows per transaction → rows each writer appends per run."""
SCHEMES = ("xid", "positions")


_SCOPE = """
WITH project AS (
  INSERT INTO projects (slug, name, path) VALUES ('bench', 'Bench', '/tmp') RETURNING id
), session AS (
  INSERT INTO sessions (slug, project_id, title, prompt, phases, artifact_dir, model_mode)
  SELECT 'bench', id, 'Bench', 'prompt', ARRAY['build'], '/tmp', 'scripted' FROM project
  RETURNING id, project_id
)
INSERT INTO agents (session_id, kind, prompt)
SELECT session.id, 'build', 'prompt' FROM session, generate_series(1, %s)
RETURNING session_id, (SELECT project_id FROM session), id
"""
"""A project, a session and its agents, in one statement (and no change events: the
rows are the same on both schemes)."""


@contextlib.asynccontextmanager
async def _writers(database: Database, scheme: str) -> AsyncIterator[list[WriterProcess]]:
    """max(WRITERS) writer processes on `database`, one agent each, ready."""
    async with await psycopg.AsyncConnection.connect(database.url, autocommit=True) as conn:
        agents = await (await conn.execute(_SCOPE, (max(WRITERS),))).fetchall()
    scopes = [(project_id, session_id, agent_id) for session_id, project_id, agent_id in agents]
    async with writer_processes(database.url, scheme, scopes) as pool:
        yield pool


async def _run(pool: list[WriterProcess], count: int, batch: int) -> tuple[float, int]:
    """`count` writers at once; (rows/s over all of them, rows they say they wrote)."""
    chosen = pool[:count]
    for writer in chosen:
        await writer.go(BATCHES[batch], batch)
    answers = [await writer.answer() for writer in chosen]
    elapsed = max(each.ended for each in answers) - min(each.started for each in answers)
    written = sum(each.rows for each in answers)
    return written / elapsed, written


async def _rows(database: Database) -> int:
    async with await psycopg.AsyncConnection.connect(database.url) as conn:
        row = await (
            await conn.execute("SELECT count(*) FROM events WHERE kind = 'text'")
        ).fetchone()
    assert row is not None
    return int(row[0])


async def measure(bench: Bench) -> Figures:
    samples: dict[tuple[str, int, int], list[float]] = {}
    expected = dict.fromkeys(SCHEMES, 0)
    # Positions at 0008, not at the head: 0009 adds the search vector, computed for every
    # row whichever scheme orders it; the 0006 journal has none, so the head's rows would
    # do more work than the baseline's and the ratio would not be the ordering's price
    # (the ingest figure measures the journal with its search vector).
    with bench.database("0006") as old, bench.database("0008") as new:
        databases = {"xid": old, "positions": new}
        async with _writers(old, "xid") as old_pool, _writers(new, "positions") as new_pool:
            pools = {"xid": old_pool, "positions": new_pool}
            for _ in range(REPEATS):
                for count in WRITERS:
                    for batch in BATCHES:
                        for scheme in SCHEMES:
                            rate, written = await _run(pools[scheme], count, batch)
                            samples.setdefault((scheme, count, batch), []).append(rate)
                            expected[scheme] += written
        wrong = 0
        for scheme in SCHEMES:
            wrong += abs(await _rows(databases[scheme]) - expected[scheme])
    figures: Figures = {"writers_wrong": float(wrong)}
    for (scheme, count, batch), rates in samples.items():
        figures |= spread(f"writers_{scheme}_{count}_batch{batch}_events_per_s", rates)
    for count in WRITERS:
        for batch in BATCHES:
            figures |= ratios(
                f"writers_{count}_batch{batch}_positions_vs_xid",
                samples[("positions", count, batch)],
                samples[("xid", count, batch)],
            )
    return figures


def report(f: Figures) -> list[str]:
    lines = [
        f"journal writers (processes), feed positions (0007) beside the first design's"
        f" (xid, id) journal, rows/s ({REPEATS} runs):"
    ]
    for batch in BATCHES:
        for count in WRITERS:
            name = f"{count}_batch{batch}"
            lines.append(
                f"  {count} writer(s), {batch}-row transactions:"
                f" positions {shown(f, f'writers_positions_{name}_events_per_s', '', 0)},"
                f" xid {shown(f, f'writers_xid_{name}_events_per_s', '', 0)},"
                f" ratio {shown(f, f'writers_{name}_positions_vs_xid', 'x')}"
            )
    lines.append(f"  rows missing or extra: {f['writers_wrong']:.0f}")
    return lines
