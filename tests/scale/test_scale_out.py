"""Scale-out: two read services and two orchestrators, as processes, on one database.

Read services are stateless (the client holds its token) and orchestrators share the
queue through `FOR UPDATE SKIP LOCKED` claims, so any number of either can run side by
side (docs/scaling.md). These tests run two of each, exactly as deployed, with the real
Claude Code CLI answering to the scripted model, and check what a user relies on: a
client that moves from one read replica to the other misses nothing and sees nothing
twice, and sessions started anywhere run once each, spread over the orchestrators,
never more at once per process than its limit.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from shared.config.settings import Settings
from shared.contract.frames import Error, Events, Resync, Subscribed
from shared.db.database import dbname_of, reader_url
from tests.support.agent_runs import session_log, until_status
from tests.support.databases import TestDatabase, scratch_database
from tests.support.db_reads import rows
from tests.support.feed_client import feed_client
from tests.support.session_journal import session_event_ids
from tests.support.stack import Stack, git_project
from tests.support.waiting import eventually

pytestmark = [pytest.mark.agents, pytest.mark.slow]

LIMIT = 2
"""max_running_agents of each orchestrator process."""


class Replicas:
    """Two stacks (read service + orchestrator each) on one database, one data directory
    and one projects root, as replicas behind a load balancer would be."""

    def __init__(self, stacks: list[Stack], database: TestDatabase) -> None:
        self.stacks = stacks
        self.database = database

    def worker_ids(self) -> dict[int, Stack]:
        """Each orchestrator's worker id (the one it stamps on the sessions it claims)."""
        found = {}
        for stack in self.stacks:
            assert stack.orchestrator is not None
            found[int(stack.orchestrator.health()["worker_id"])] = stack
        return found

    async def start_session(self, stack: Stack, prompt: str, phases: list[str]) -> dict[str, Any]:
        body = {"project": "demo", "prompt": prompt, "phases": phases}
        status, accepted = await asyncio.to_thread(stack.command, "/api/sessions", body)
        assert status == 202, accepted
        answer: dict[str, Any] = accepted
        return answer


@pytest.fixture(scope="module")
def replicas(
    pg_server: str,
    template_db: str,
    settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Replicas]:
    workdir = tmp_path_factory.mktemp("scale").resolve()
    with scratch_database(pg_server, "ph_scale", template=template_db) as url:
        overrides = {"PILOTHOUSE_MAX_RUNNING_AGENTS": str(LIMIT)}
        stacks = [
            Stack(database_url=url, workdir=workdir, label=label, overrides=overrides)
            for label in ("-a", "-b")
        ]
        database = TestDatabase(name=dbname_of(url), url=url, reader_url=reader_url(url, settings))
        try:
            for stack in stacks:
                stack.start()
            status, body = stacks[0].command(
                "/api/projects", {"path": str(git_project(stacks[0].projects_root, "demo"))}
            )
            assert status == 201, body
            yield Replicas(stacks, database)
        finally:
            for stack in stacks:
                stack.stop()


async def test_client_moves_between_read_replicas_mid_run(replicas: Replicas) -> None:
    first, second = replicas.stacks
    url = replicas.database.url
    accepted = await replicas.start_session(first, "Follow me across replicas", ["spec", "plan"])
    session_id, topic = accepted["id"], f"session:{accepted['id']}"

    async with feed_client(first.read_url) as on_first:
        await on_first.subscribe(topic, after=accepted["token"])
        await on_first.wait_tokens(topic, 3, within=120)
    seen_first = list(on_first.events[topic])
    # Mid-run: the session goes on writing while this client is connected nowhere.
    await eventually(lambda: _more_than(url, session_id, len(seen_first)), within=120, every=0.1)

    async with feed_client(second.read_url) as on_second:
        await on_second.subscribe(topic, after=seen_first[-1].token)
        session = await until_status(
            replicas.database, session_id, "completed", "failed", within=240
        )
        assert session["status"] == "completed", session
        in_table = await asyncio.to_thread(session_event_ids, url, session_id)

        async def caught_up() -> bool:
            return len(seen_first) + len(on_second.events[topic]) >= len(in_table)

        await eventually(caught_up, within=60, every=0.05)
    seen_second = on_second.events[topic]

    # The second replica backfilled what was missed, then went live for the rest of the
    # run (the plan phase was still to come when the client arrived).
    handover = next(i for i, f in enumerate(on_second.frames) if isinstance(f, Subscribed))
    assert any(isinstance(f, Events) for f in on_second.frames[handover:]), "nothing live"
    received = [event.id for event in seen_first + seen_second]
    assert len(received) == len(set(received)), "an event arrived twice"
    positions = [event.position for event in seen_first + seen_second]
    assert positions == sorted(positions), "events arrived out of position order"
    # Exactly the session's rows in the table: none missing, none extra, same order.
    assert received == in_table
    assert not [f for f in on_second.frames if isinstance(f, Error | Resync)]


async def _more_than(url: str, session_id: int, count: int) -> bool:
    return len(await asyncio.to_thread(session_event_ids, url, session_id)) > count


def _most_at_once(runs: list[dict[str, Any]]) -> int:
    """Largest number of agents whose [started_at, finished_at) intervals overlap."""
    edges: list[tuple[datetime, int]] = []
    for run in runs:
        edges += [(run["started_at"], 1), (run["finished_at"], -1)]
    # At one instant an agent that ends frees its slot before the next one takes it.
    edges.sort(key=lambda edge: (edge[0], edge[1]))
    most = current = 0
    for _, step in edges:
        current += step
        most = max(most, current)
    return most


async def test_sessions_spread_over_orchestrators_run_once_within_limits(
    replicas: Replicas,
) -> None:
    workers = replicas.worker_ids()
    assert len(workers) == 2, "two orchestrators, two worker identities"
    phases = ["spec", "plan"]
    count = 2 * LIMIT + 1  # one more than both processes may run at once
    ids = [
        (await replicas.start_session(replicas.stacks[n % 2], f"Scale-out {n}", phases))["id"]
        for n in range(count)
    ]
    for session_id in ids:
        session = await until_status(
            replicas.database, session_id, "completed", "failed", within=300
        )
        assert session["status"] == "completed", session

    url = replicas.database.url
    sessions = await rows(
        url, "SELECT id, worker_id FROM sessions WHERE id = ANY(%s) ORDER BY id", (ids,)
    )
    ran_by = {row["id"]: row["worker_id"] for row in sessions}
    # The worker id on a session is the process that claimed it and ran all its agents.
    assert set(ran_by.values()) == set(workers), f"not spread: {ran_by} over {list(workers)}"

    agents = await rows(
        url,
        "SELECT a.id, a.session_id, a.kind, a.status, a.started_at, a.finished_at"
        " FROM agents a WHERE a.session_id = ANY(%s) ORDER BY a.id",
        (ids,),
    )
    for session_id in ids:
        mine = [a for a in agents if a["session_id"] == session_id]
        assert [(a["kind"], a["status"]) for a in mine] == [(p, "completed") for p in phases]

    for session_id in ids:
        log = await session_log(replicas.database, session_id)
        # Each agent ran once: one CLI start (init), one result, one start and end marker.
        inits = Counter(
            e["agent_id"]
            for e in log
            if e["kind"] == "system" and e["payload"].get("subtype") == "init"
        )
        results = Counter(e["agent_id"] for e in log if e["kind"] == "result")
        markers = Counter(
            (e["agent_id"], e["payload"]["state"]) for e in log if e["kind"] == "phase"
        )
        ran = {a["id"] for a in agents if a["session_id"] == session_id}
        assert inits == dict.fromkeys(ran, 1), inits
        assert results == dict.fromkeys(ran, 1), results
        assert markers == {(a, s): 1 for a in ran for s in ("started", "completed")}, markers

    per_worker = {
        worker: _most_at_once([a for a in agents if ran_by[a["session_id"]] == worker])
        for worker in workers
    }
    assert all(most <= LIMIT for most in per_worker.values()), per_worker
    # Five sessions for four slots: the limit was reached, so it was the limit that held.
    assert LIMIT in per_worker.values(), per_worker
