"""REST query latency on a big journal: an events page with 1,000,000 rows in `events`
and a sessions list of 10,000, each beside the bare SQL of the same page.

Requests are sequential over one keep-alive HTTP connection (a raw client, so the figure
is the server's); each asks for the page after a random position of a random session
(keyset: no OFFSET anywhere). The service and the bare SQL alternate, REPEATS times.
"""

from __future__ import annotations

import random
import time

import psycopg

from tests.bench.harness import Bench
from tests.bench.raw_http import RawHttp
from tests.bench.results import REPEATS, Figures, percentile, ratios, shown, spread

EVENTS = 1_000_000
SESSIONS_WITH_EVENTS = 100
SESSIONS = 10_000
REQUESTS = 1000
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
INSERT INTO events (position, project_id, session_id, agent_id, kind, payload)
SELECT c * {SESSIONS_WITH_EVENTS * RUN} + (s - 1) * {RUN} + i, 1, s, s, 'text',
       jsonb_build_object('text', 'line ' || (c * {RUN} + i) || ' of the log', 'truncated', false)
FROM generate_series(%s::int, %s::int) c, generate_series(1, {SESSIONS_WITH_EVENTS}) s,
     generate_series(1, {RUN}) i
ORDER BY c, s, i
"""

_INDEXES = (
    "ix_events_session",
    "ix_events_agent",
    "ix_events_changes",
    "ix_events_project_changes",
)
"""Built after the bulk load (the primary key is kept: rows come in its order)."""


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
        step = runs // 10
        for first in range(0, runs, step):
            conn.execute(_EVENT_CHUNK, (first, first + step - 1))
        conn.execute("UPDATE feed_counter SET last_position = (SELECT max(position) FROM events)")
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


class _Samples:
    """Each repeat's p50 and p99 of each kind of request, in ms."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[float]] = {}

    def add(self, name: str, samples: list[float]) -> None:
        self.by_name.setdefault(f"{name}_p50_ms", []).append(_ms(samples, 0.5))
        self.by_name.setdefault(f"{name}_p99_ms", []).append(_ms(samples, 0.99))

    def figures(self) -> Figures:
        figures: Figures = {}
        for name, values in self.by_name.items():
            figures |= spread(name, values)
        return figures


LISTS = [
    "/api/sessions?limit=50",
    "/api/sessions?limit=50&status=running,failed",
    "/api/sessions?limit=50&project=bench",
]


async def measure(bench: Bench) -> Figures:
    samples = _Samples()
    with bench.database() as database:
        starts = _populate(database.url)
        sizes = _sizes(database.url)
        async with bench.read_service(database) as url:
            http = await RawHttp.connect(url)
            pages = [f"/api/sessions/{s}/events?after={t}&limit={PAGE}" for s, t in starts]
            big = [page.replace(f"limit={PAGE}", "limit=500") for page in pages]
            await _timed_gets(http, pages[:50] + LISTS * 10)  # warm up: prepared statements
            _bare(database.reader_url, starts[:50], PAGE)
            for _ in range(REPEATS):
                samples.add("events_page", await _timed_gets(http, pages))
                samples.add("bare_page", _bare(database.reader_url, starts, PAGE))
                samples.add("events_page_500", await _timed_gets(http, big))
                samples.add("sessions_list", await _timed_gets(http, LISTS * (REQUESTS // 3)))
            await http.close()
    figures = samples.figures()
    by_name = samples.by_name
    return (
        figures
        | ratios(
            "events_page_p99_vs_bare", by_name["events_page_p99_ms"], by_name["bare_page_p99_ms"]
        )
        | sizes
    )


def report(f: Figures) -> list[str]:
    return [
        f"events page ({PAGE} rows) with {EVENTS:,} events ({REPEATS} runs of {REQUESTS}):"
        f" p50 {shown(f, 'events_page_p50_ms', ' ms')},"
        f" p99 {shown(f, 'events_page_p99_ms', ' ms')}",
        f"  bare SQL of the same page: p50 {shown(f, 'bare_page_p50_ms', ' ms')},"
        f" p99 {shown(f, 'bare_page_p99_ms', ' ms')}",
        f"  p99 ratio {shown(f, 'events_page_p99_vs_bare', 'x')} (target <= 2x);"
        f" the same pages with 500 rows: p99 {shown(f, 'events_page_500_p99_ms', ' ms')}",
        f"sessions list (50 of {SESSIONS:,}): p50 {shown(f, 'sessions_list_p50_ms', ' ms')},"
        f" p99 {shown(f, 'sessions_list_p99_ms', ' ms')}",
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
