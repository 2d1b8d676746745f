"""Journal ingest: agent log entries per second through the orchestrator's journal writer,
beside a bare COPY of the same rows into the same `events` table in transactions of the
same size.

Ours: one agent appends EVENTS payload structs through the journal (AgentLog, its
default batch of BATCH rows): each is encoded, buffered, and each batch is one unit of
work that takes its positions from the feed counter and COPYs its rows.
Bare: the same rows, encoded and turned into COPY text before the clock starts, COPYed
BATCH rows per transaction with positions chosen up front (no counter).
Both go into one migrated database, doorbell trigger included, alternately, REPEATS
times; the rows each run wrote are counted (`ingest_wrong`: any missing or extra).
"""

from __future__ import annotations

import secrets
import time

import psycopg

from services.orchestrator.db.agent_log import DEFAULT_MAX_ROWS, Journal
from services.orchestrator.db.log_rows import AgentScope, LogRow, copy_text
from services.orchestrator.db.unit_of_work import Store
from shared.contract.enums import EventKind
from shared.contract.payloads import TextPayload, ToolUsePayload
from shared.contract.wire import AgentView, ProjectView, SessionView
from shared.db.feed_positions import EVENT_COPY
from tests.bench.harness import Bench
from tests.bench.results import REPEATS, Figures, ratios, shown, spread

EVENTS = 50_000
BATCH = DEFAULT_MAX_ROWS
BARE_POSITIONS = 10**12
"""Where the bare runs' positions start: far above the journal's, so both share the table."""


def _payload(number: int) -> tuple[EventKind, TextPayload | ToolUsePayload]:
    """A realistic mix: assistant text and tool calls of a few hundred bytes."""
    if number % 3:
        return EventKind.TEXT, TextPayload(text=f"Step {number}: " + "reading the code " * 12)
    tool_input = {"file_path": f"/work/project/src/module_{number % 50}.py", "limit": 200}
    return EventKind.TOOL_USE, ToolUsePayload(
        tool_use_id=f"toolu_{number}", name="Read", input=tool_input
    )


async def _agent(store: Store) -> AgentScope:
    async with store.unit() as uow:
        project = await uow.insert(
            ProjectView, {"slug": f"bench-{secrets.token_hex(3)}", "name": "bench", "path": "/tmp"}
        )
        session = await uow.insert(
            SessionView,
            {
                "slug": f"bench-{secrets.token_hex(3)}",
                "project_id": project.id,
                "title": "bench",
                "prompt": "bench",
                "phases": ["build"],
                "artifact_dir": "/tmp/bench",
                "model_mode": "scripted",
            },
        )
        agent = await uow.insert(
            AgentView, {"session_id": session.id, "kind": "build", "prompt": "x"}
        )
    return AgentScope(project.id, session.id, agent.id)


async def _journal(store: Store, scope: AgentScope) -> float:
    """Events/s of one agent appending EVENTS entries through the journal."""
    log = Journal(store).for_agent(scope)
    started = time.perf_counter()
    for number in range(EVENTS):
        await log.append(*_payload(number))
    await log.close()
    return EVENTS / (time.perf_counter() - started)


async def _bare(url: str, scope: AgentScope, first: int) -> float:
    """Events/s of plain COPY, BATCH rows per transaction, the text prepared first."""
    rows: list[LogRow] = [scope.row(*_payload(number)) for number in range(EVENTS)]
    blocks = [
        copy_text(first + start, rows[start : start + BATCH]) for start in range(0, EVENTS, BATCH)
    ]
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        for block in blocks:
            async with conn.transaction(), conn.cursor().copy(EVENT_COPY) as copy:
                await copy.write(block)
        return EVENTS / (time.perf_counter() - started)


async def _count(url: str, agent_id: int | None) -> int:
    async with await psycopg.AsyncConnection.connect(url) as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM events WHERE agent_id = %s AND kind <> 'agent_changed'",
            (agent_id,),
        )
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def measure(bench: Bench) -> Figures:
    ours: list[float] = []
    bare: list[float] = []
    wrong = 0
    with bench.database() as database:
        store = Store(database.url, max_size=2)
        await store.open()
        try:
            await _journal(store, await _agent(store))  # warm up
            for repeat in range(REPEATS):
                scope = await _agent(store)
                ours.append(await _journal(store, scope))
                wrong += abs(await _count(database.url, scope.agent_id) - EVENTS)
                scope = await _agent(store)
                bare.append(await _bare(database.url, scope, BARE_POSITIONS + repeat * EVENTS))
                wrong += abs(await _count(database.url, scope.agent_id) - EVENTS)
        finally:
            await store.close()
    return {
        **spread("ingest_events_per_s", ours),
        **spread("bare_copy_events_per_s", bare),
        **ratios("ingest_vs_bare_copy", ours, bare),
        "ingest_wrong": float(wrong),
    }


def report(f: Figures) -> list[str]:
    return [
        f"journal ingest, one agent, {EVENTS:,} entries in {BATCH}-row transactions"
        f" ({REPEATS} runs): {shown(f, 'ingest_events_per_s', ' events/s', 0)}",
        f"  bare COPY of the same rows, {BATCH} per transaction:"
        f" {shown(f, 'bare_copy_events_per_s', ' events/s', 0)}",
        f"  ratio {shown(f, 'ingest_vs_bare_copy', 'x')} (target >= 0.8x);"
        f" rows missing or extra: {f['ingest_wrong']:.0f}",
    ]
