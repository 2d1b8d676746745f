"""REST query latency on a big journal: an events page with 1,000,000 rows in `events`
and a sessions list of 10,000, each beside the bare SQL of the same page.

Requests are sequential over one keep-alive HTTP connection (a raw client, so the figure
is the server's); each asks for the page after a random position of a random session
(keyset: no OFFSET anywhere).
"""

from __future__ import annotations

import random
import time

import psycopg

from tests.bench.harness import Bench, Figures, percentile
from tests.bench.raw_http import RawHttp

EVENTS = 1_000_000
SESSIONS_WITH_EVENTS = 100
SESSIONS = 10_000
REQUESTS = 400
PAGE = 100

_POPULATE = [
    "INSERT INTO projects (slug, name, path) VALUES ('bench', 'Bench', '/tmp')",
    f"""INSERT INTO sessions (slug, project_id, title, prompt, phases, artifact_dir, model_mode,
         status, created_at)
       SELECT 'bench-' || n, 1, 'Session ' || n, 'prompt', ARRAY['spec','plan'], '/tmp',
              'scripted', (ARRAY['queued','running','completed','failed'])[1 + n % 4],
              now() - make_interval(secs => n)
       FROM generate_series(1, {SESSIONS}) n""",
    f"""INSERT INTO agents (session_id, kind, prompt)
       SELECT n, 'build', 'prompt' FROM generate_series(1, {SESSIONS_WITH_EVENTS}) n""",
]

RUN = 50
"""Events an agent's transaction appends to one session: sessions interleave in runs."""

_EVENT_CHUNK = f"""
INSERT INTO events (project_id, session_id, agent_id, kind, payload)
SELECT 1, s, s, 'text', jsonb_build_object('text', 'line ' || (c * {RUN} + i) || ' of the log',
       'truncated', false)
FROM generate_series(%s::int, %s::int) c, generate_series(1, {SESSIONS_WITH_EVENTS}) s,
     generate_series(1, {RUN}) i
ORDER BY c, s, i
"""

_INDEXES = (
    "ix_events_feed",
    "ix_events_session",
    "ix_events_agent",
    "ix_events_project",
    "ix_events_kind",
)


# The floor: the service's page query, rows fetched with the payload left as text.
_BARE_PAGE = """
SELECT id, position, project_id, session_id, agent_id, kind, payload::text, created_at
FROM events WHERE session_id = %s AND position > %s
ORDER BY position LIMIT %s
"""


def _populate(url: str) -> list[tuple[int, str]]:
    """Fill the database; return (session id, token) starting points for page requests."""
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in _POPULATE:
            conn.execute(statement)
        # Bulk load without the indexes, then build them: minutes faster than maintaining
        # five indexes row by row, and the same indexes in the end.
        definitions = [
            row[0]
            for row in conn.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = ANY(%s)", (list(_INDEXES),)
            )
        ]
        for name in _INDEXES:
            conn.execute(f"DROP INDEX {name}")
        runs = EVENTS // SESSIONS_WITH_EVENTS // RUN
        step = runs // 10  # ten transactions: ten xids, as several writers would leave
        for first in range(0, runs, step):
            conn.execute(_EVENT_CHUNK, (first, first + step - 1))
        for definition in definitions:
            conn.execute(definition)
        conn.execute("VACUUM ANALYZE")
        rows = conn.execute(
            "SELECT session_id, position::text FROM events TABLESAMPLE SYSTEM (1)"
        ).fetchall()
    rng = random.Random(3)
    return [(int(s), str(t)) for s, t in rng.sample(rows, REQUESTS)]


async def _timed_gets(http: RawHttp, paths: list[str]) -> list[float]:
    samples = []
    for path in paths:
        started = time.perf_counter()
        status, body = await http.get(path)
        samples.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:200]!r}")
    return samples


def _bare(reader_url: str, starts: list[tuple[int, str]], limit: int) -> list[float]:
    samples = []
    with psycopg.connect(reader_url, autocommit=True) as conn:
        for session_id, token in starts:
            started = time.perf_counter()
            conn.execute(_BARE_PAGE, (session_id, int(token), limit + 1)).fetchall()
            samples.append(time.perf_counter() - started)
    return samples


_SIZES = """
SELECT pg_table_size('events'), pg_indexes_size('events'),
       (SELECT avg(octet_length(payload::text)) FROM events)
"""
MB = 1024 * 1024


def _sizes(url: str) -> Figures:
    """The journal's size on disk at EVENTS rows: table, all its indexes, and each index."""
    with psycopg.connect(url) as conn:
        row = conn.execute(_SIZES).fetchone()
        assert row is not None
        table, indexes, payload = row
        each = conn.execute(
            "SELECT indexname, pg_relation_size(indexname::regclass) FROM pg_indexes"
            " WHERE tablename = 'events' ORDER BY indexname"
        ).fetchall()
    return {
        "events_table_mb": table / MB,
        "events_indexes_mb": indexes / MB,
        "events_disk_bytes_per_row": (table + indexes) / EVENTS,
        "events_payload_bytes_per_row": float(payload),
        **{f"index_{name}_mb": size / MB for name, size in each},
    }


def _ms(samples: list[float], fraction: float) -> float:
    return percentile(samples, fraction) * 1000


async def measure(bench: Bench) -> Figures:
    with bench.database() as database:
        starts = _populate(database.url)
        sizes = _sizes(database.url)
        async with bench.read_service(database) as url:
            http = await RawHttp.connect(url)
            pages = [f"/api/sessions/{s}/events?after={t}&limit={PAGE}" for s, t in starts]
            await _timed_gets(http, pages[:50])  # warm up: connections, prepared statements
            events = await _timed_gets(http, pages)
            big = await _timed_gets(http, [p.replace(f"limit={PAGE}", "limit=500") for p in pages])
            lists = [
                "/api/sessions?limit=50",
                "/api/sessions?limit=50&status=running,failed",
                "/api/sessions?limit=50&project=bench",
            ]
            await _timed_gets(http, lists * 10)
            sessions = await _timed_gets(http, lists * (REQUESTS // len(lists)))
            await http.close()
        _bare(database.reader_url, starts[:50], PAGE)
        bare = _bare(database.reader_url, starts, PAGE)
    return {
        "events_page_p50_ms": _ms(events, 0.5),
        "events_page_p99_ms": _ms(events, 0.99),
        "events_page_500_p99_ms": _ms(big, 0.99),
        "bare_page_p50_ms": _ms(bare, 0.5),
        "bare_page_p99_ms": _ms(bare, 0.99),
        "sessions_list_p50_ms": _ms(sessions, 0.5),
        "sessions_list_p99_ms": _ms(sessions, 0.99),
        **sizes,
    }


def report(f: Figures) -> list[str]:
    return [
        f"events page ({PAGE} rows) with {EVENTS:,} events: p50 {f['events_page_p50_ms']:.2f} ms,"
        f" p99 {f['events_page_p99_ms']:.2f} ms (target p99 < 5 ms)",
        f"  bare SQL of the same page: p50 {f['bare_page_p50_ms']:.2f} ms,"
        f" p99 {f['bare_page_p99_ms']:.2f} ms",
        f"  the same pages with 500 rows: p99 {f['events_page_500_p99_ms']:.2f} ms",
        f"sessions list (50 of {SESSIONS:,}): p50 {f['sessions_list_p50_ms']:.2f} ms,"
        f" p99 {f['sessions_list_p99_ms']:.2f} ms (target p99 < 5 ms)",
        f"events table at {EVENTS:,} rows: {f['events_table_mb']:.0f} MB, indexes"
        f" {f['events_indexes_mb']:.0f} MB ({f['events_disk_bytes_per_row']:.0f} bytes/event on"
        f" disk for {f['events_payload_bytes_per_row']:.0f}-byte payloads)",
        "  indexes: "
        + ", ".join(
            f"{name.removeprefix('index_').removesuffix('_mb')} {value:.0f} MB"
            for name, value in f.items()
            if name.startswith("index_")
        ),
    ]
