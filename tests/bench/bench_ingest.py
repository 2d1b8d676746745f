"""Journal ingest: agent log entries per second through the journal writer, beside a bare
COPY of the same rows into the same `events` table in 100-row transactions.

Both run against one migrated database, doorbell trigger included, in one process. The
journal figure includes encoding each payload struct; the bare one copies pre-encoded
rows. Target: the journal writer at 40% or more of the bare COPY rate.

`python -m tests.bench.bench_ingest` runs it on a scratch database of the test server
and prints one JSON object as its last line.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from typing import Any

import psycopg

from services.orchestrator.db.agent_log import AgentScope, Journal
from services.orchestrator.db.log_rows import LogRow, copy_text
from services.orchestrator.db.unit_of_work import Store
from shared.contract.enums import EventKind
from shared.contract.payloads import TextPayload, ToolUsePayload
from shared.contract.wire import AgentView, ProjectView, SessionView
from shared.db.feed_positions import EVENT_COPY
from shared.db.schema import DOORBELL_CHANNEL
from tests.bench.harness import Bench, Figures, bench_server

EVENTS = 100_000
AGENTS = 4
BARE_BATCH = 100
TARGET = 0.4
BARE_POSITIONS = 10**12


def _payload(number: int) -> tuple[EventKind, TextPayload | ToolUsePayload]:
    """A realistic mix: assistant text and tool calls of a few hundred bytes."""
    if number % 3:
        return EventKind.TEXT, TextPayload(text=f"Step {number}: " + "reading the code " * 12)
    tool_input = {"file_path": f"/work/project/src/module_{number % 50}.py", "limit": 200}
    return EventKind.TOOL_USE, ToolUsePayload(
        tool_use_id=f"toolu_{number}", name="Read", input=tool_input
    )


async def _scopes(store: Store, count: int) -> list[AgentScope]:
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
        agents = [
            await uow.insert(AgentView, {"session_id": session.id, "kind": "build", "prompt": "x"})
            for _ in range(count)
        ]
    return [AgentScope(project.id, session.id, agent.id) for agent in agents]


async def _journal_rate(store: Store, scopes: list[AgentScope], total: int) -> float:
    """Events/s of `len(scopes)` agents appending `total` entries between them at once."""
    journal = Journal(store)
    share = total // len(scopes)

    async def chatty(scope: AgentScope) -> None:
        log = journal.for_agent(scope)
        for number in range(share):
            await log.append(*_payload(number))
        await log.close()

    started = time.perf_counter()
    await asyncio.gather(*(chatty(scope) for scope in scopes))
    return share * len(scopes) / (time.perf_counter() - started)


async def _bare_copy_rate(url: str, scope: AgentScope, total: int) -> float:
    """Events/s of plain COPY, BARE_BATCH rows per transaction, the COPY text prepared
    before the clock starts."""
    rows: list[LogRow] = [scope.row(*_payload(number)) for number in range(total)]
    # Positions far above the journal's, so both can share the table.
    blocks = [
        copy_text(BARE_POSITIONS + start, rows[start : start + BARE_BATCH])
        for start in range(0, total, BARE_BATCH)
    ]
    copy = EVENT_COPY
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        for block in blocks:
            async with conn.transaction(), conn.cursor().copy(copy) as writer:
                await writer.write(block)
        return total / (time.perf_counter() - started)


async def _doorbells(url: str, work: Any) -> tuple[Any, int]:
    """Run `work` while listening to the doorbell; (its result, notifications heard)."""
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as listener:
        await listener.execute(f"LISTEN {DOORBELL_CHANNEL}")
        result = await work
        heard = 0
        async for _ in listener.notifies(timeout=1.0):
            heard += 1
    return result, heard


async def _measure(database_url: str) -> dict[str, Any]:
    store = Store(database_url, max_size=AGENTS + 2)
    await store.open()
    try:
        scopes = await _scopes(store, AGENTS)
        one_agent, bells = await _doorbells(database_url, _journal_rate(store, scopes[:1], EVENTS))
        many_agents = await _journal_rate(store, scopes, EVENTS)
        bare = await _bare_copy_rate(database_url, scopes[0], EVENTS)
    finally:
        await store.close()
    return {
        "journal_ingest_events_per_s": round(one_agent),
        f"journal_ingest_{AGENTS}_agents_events_per_s": round(many_agents),
        "bare_copy_events_per_s": round(bare),
        "journal_vs_bare_copy": round(one_agent / bare, 2),
        "target_vs_bare_copy": TARGET,
        "journal_doorbells_per_100k_events": round(bells * 100_000 / EVENTS),
    }


def bench_ingest(database_url: str) -> dict[str, Any]:
    """Measure journal ingest beside bare COPY on a migrated database; print and return."""
    figures = asyncio.run(_measure(database_url))
    many = figures[f"journal_ingest_{AGENTS}_agents_events_per_s"]
    print(
        f"journal ingest: {figures['journal_ingest_events_per_s']:,} events/s (one agent), "
        f"{many:,} events/s ({AGENTS} agents); bare COPY ({BARE_BATCH}-row transactions): "
        f"{figures['bare_copy_events_per_s']:,} events/s; "
        f"ratio {figures['journal_vs_bare_copy']} (target >= {TARGET})"
    )
    return figures


async def measure(bench: Bench) -> Figures:
    """The ingest figure for `make bench` (tests/bench/__main__.py)."""
    with bench.database() as database:
        figures = await _measure(database.url)
    return {name: float(value) for name, value in figures.items()}


def report(f: Figures) -> list[str]:
    return [
        f"journal ingest: {f['journal_ingest_events_per_s']:,.0f} events/s (one agent),"
        f" {f[f'journal_ingest_{AGENTS}_agents_events_per_s']:,.0f} events/s ({AGENTS} agents)"
        f" ({f['journal_vs_bare_copy']:.2f}x bare; target >= {TARGET}x)",
        f"  bare COPY ({BARE_BATCH}-row transactions): {f['bare_copy_events_per_s']:,.0f} events/s",
    ]


def main() -> None:
    with bench_server() as bench, bench.database() as database:
        figures = bench_ingest(database.url)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
