"""Fixtures of the fuzz tests: both services as real processes over a seeded database.

The services are tests.support.stack's Stack (each its own `python -m services.<name>` on a free
port of 127.0.0.1, allowed roots under a temporary directory), with
`max_running_agents=0` so a session the fuzzer starts waits in the queue instead of
launching a Claude Code CLI. The database holds a project, a session, an agent with
events and an artifact file, so generated requests that name them reach real rows.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fuzz_seed import NO_AGENTS, Seeded, seed
from tests.support.stack import running_stack


@pytest.fixture(scope="module")
def seeded(
    pg_server: str, template_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    """Both services on a fresh seeded database, once per test module. Afterwards their
    logs must hold no error: a failure answered with a 4xx, or one in a background task
    (a WebSocket's backfill), would not show in any response."""
    workdir = tmp_path_factory.mktemp("fuzz").resolve()
    with running_stack(pg_server, template_db, workdir, overrides=NO_AGENTS) as stack:
        yield seed(stack)
    logs = {name: (workdir / f"{name}.log").read_text() for name in ("read", "orchestrator")}
    for name, text in logs.items():
        errors = [line for line in text.splitlines() if "Traceback" in line or " ERROR " in line]
        assert not errors, f"{name} log:\n{text[-4000:]}"
