"""Search latency on a big journal: `GET /api/search` over 1,000,000 events beside the
bare SQL of the same search, the very statement the service runs (its matching through
the GIN index, its page of 50 newest hits, their snippets), sent from psycopg.

The log is made of varied lines: a word of ten in every line (common: a tenth of the
journal matches), a word of a thousand (rare), one line in 20,000 holding a word found
nowhere else (a needle), and tool calls with their input. Requests mix those words, alone
and scoped to a session, sequentially over one keep-alive connection; the service and
the bare SQL alternate, REPEATS times. PILOTHOUSE_BENCH_SEARCH_EVENTS makes the journal
smaller for a quick check (the figure is judged at the default).
"""

from __future__ import annotations

import os
import random
import time
from urllib.parse import urlencode

import psycopg

from services.read.db.event_search import Scope, search_query
from services.read.db.log_filters import LogFilter
from tests.bench.bench_queries import _Samples, _timed_gets
from tests.bench.harness import Bench
from tests.bench.raw_http import RawHttp
from tests.bench.results import REPEATS, Figures, ratios, shown

EVENTS = int(os.environ.get("PILOTHOUSE_BENCH_SEARCH_EVENTS", "1000000"))
SESSIONS = 100
REQUESTS = 400
LIMIT = 50

_COMMON = ["migration", "refactor", "parser", "router", "schema"]
_RARE = ["zeppelin", "quokka", "marzipan", "gondola", "tamarind"]
_NEEDLE = "xylophonist"

_POPULATE = [
    "INSERT INTO projects (slug, name, path) VALUES ('bench', 'Bench', '/tmp')",
    f"""INSERT INTO sessions (slug, project_id, title, prompt, phases, artifact_dir, model_mode)
       SELECT 'bench-' || n, 1, 'Session ' || n, 'prompt', ARRAY['spec','plan'], '/tmp',
              'scripted' FROM generate_series(1, {SESSIONS}) n""",
    f"""INSERT INTO agents (session_id, kind, prompt)
       SELECT n, 'build', 'prompt' FROM generate_series(1, {SESSIONS}) n""",
]

# Nine lines in ten are assistant text, one a tool call; words cycle so that each common
# word is in a tenth of the lines, each rare word in a thousandth.
_EVENT_CHUNK = """
INSERT INTO events (position, project_id, session_id, agent_id, kind, payload)
SELECT n, 1, 1 + n %% %(sessions)s, 1 + n %% %(sessions)s,
  CASE WHEN n %% 10 = 0 THEN 'tool_use' ELSE 'text' END,
  CASE WHEN n %% 10 = 0 THEN jsonb_build_object('tool_use_id', 't' || n, 'name', 'Bash',
         'input', jsonb_build_object('command', 'pytest tests/test_' || (ARRAY['migration',
         'refactor', 'parser', 'router', 'schema', 'cache', 'index', 'build', 'deploy',
         'queue'])[1 + n / 10 %% 10] || '.py -x'))
  ELSE jsonb_build_object('text', 'Step ' || n || ': the ' || (ARRAY['migration', 'refactor',
         'parser', 'router', 'schema', 'cache', 'index', 'build', 'deploy', 'queue'])[1 + n %% 10]
         || ' work goes on; we checked item-' || (n %% 200) || ' and the module around it'
         || CASE WHEN n %% 20000 = 7 THEN ' (xylophonist)' ELSE '' END
         || CASE WHEN n %% 1000 = 3 THEN ' with the ' || (ARRAY['zeppelin', 'quokka',
         'marzipan', 'gondola', 'tamarind'])[1 + n / 1000 %% 5] ELSE '' END,
         'truncated', false)
  END
FROM generate_series(%(first)s::bigint, %(last)s::bigint) n
"""

_INDEXES = ("ix_events_session", "ix_events_agent", "ix_events_search", "ix_events_tool_use")
"""Built after the bulk load (the primary key is kept: rows come in its order)."""


def _populate(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in _POPULATE:
            conn.execute(statement)
        definitions = [
            row[0]
            for row in conn.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = ANY(%s)", (list(_INDEXES),)
            )
        ]
        for name in _INDEXES:
            conn.execute(f"DROP INDEX {name}")
        step = max(1, EVENTS // 10)
        for first in range(1, EVENTS + 1, step):
            last = min(EVENTS, first + step - 1)
            conn.execute(_EVENT_CHUNK, {"sessions": SESSIONS, "first": first, "last": last})
        conn.execute("UPDATE feed_counter SET last_position = (SELECT max(position) FROM events)")
        for definition in definitions:
            conn.execute(definition)
        conn.execute("VACUUM ANALYZE")


def _requests() -> list[dict[str, str]]:
    """The mix of searches, each as its query parameters."""
    rng = random.Random(5)
    words = [*_COMMON, *_RARE, _NEEDLE, "pytest migration", '"the parser work"']
    requests = []
    for n in range(REQUESTS):
        params = {"q": rng.choice(words), "limit": str(LIMIT)}
        if n % 4 == 0:
            params["session"] = str(rng.randint(1, SESSIONS))
        requests.append(params)
    return requests


def _bare(reader_url: str, requests: list[dict[str, str]]) -> list[float]:
    samples = []
    with psycopg.connect(reader_url, autocommit=True) as conn:
        for params in requests:
            scope = Scope(session=params.get("session"))
            query, values = search_query(params["q"], scope, LogFilter(), None, LIMIT + 1)
            started = time.perf_counter()
            conn.execute(query, values).fetchall()
            samples.append(time.perf_counter() - started)
    return samples


async def measure(bench: Bench) -> Figures:
    samples = _Samples()
    requests = _requests()
    paths = [f"/api/search?{urlencode(params)}" for params in requests]
    with bench.database() as database:
        _populate(database.url)
        async with bench.read_service(database) as url:
            http = await RawHttp.connect(url)
            await _timed_gets(http, paths[:50])  # warm up: prepared statements, caches
            await http.close()
            _bare(database.reader_url, requests[:50])
            for _ in range(REPEATS):
                # A connection per run: the bare runs between take longer than the
                # server's keep-alive timeout at this size.
                http = await RawHttp.connect(url)
                samples.add("search", await _timed_gets(http, paths))
                await http.close()
                samples.add("bare_search", _bare(database.reader_url, requests))
    by_name = samples.by_name
    return samples.figures() | ratios(
        "search_p99_vs_bare", by_name["search_p99_ms"], by_name["bare_search_p99_ms"]
    )


def report(f: Figures) -> list[str]:
    return [
        f"search ({LIMIT} hits with snippets) over {EVENTS:,} events ({REPEATS} runs of"
        f" {REQUESTS}): p50 {shown(f, 'search_p50_ms', ' ms')},"
        f" p99 {shown(f, 'search_p99_ms', ' ms')}",
        f"  bare SQL of the same search: p50 {shown(f, 'bare_search_p50_ms', ' ms')},"
        f" p99 {shown(f, 'bare_search_p99_ms', ' ms')}",
        f"  p99 ratio {shown(f, 'search_p99_vs_bare', 'x')} (target <= 2x)",
    ]
