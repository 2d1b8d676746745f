"""A session with a very long journal, written straight into the database.

Rows are shaped as the orchestrator's journal writes them: one COPY of
(position, project_id, session_id, agent_id, kind, payload) per transaction, positions
taken from the feed counter right before it, payloads encoded from
shared.contract.payloads, so the read service and the UI see an ordinary session.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import msgspec
import psycopg

from shared.contract.enums import AgentKind, EventKind
from shared.contract.payloads import (
    ErrorPayload,
    PhasePayload,
    ResultPayload,
    StderrPayload,
    TextPayload,
    ToolResultPayload,
    ToolUsePayload,
)
from shared.db.feed_positions import EVENT_COPY, TAKE_POSITIONS

_ENCODE = msgspec.json.encode


def _turn(n: int) -> list[tuple[EventKind, msgspec.Struct]]:
    """Ten events of one made-up agent turn, varied like a real log."""
    sh, write = f"toolu_{n}", f"toolu_{n}w"
    return [
        (EventKind.THINKING, TextPayload(text=f"Turn {n}: what does the plan ask next?")),
        (EventKind.TEXT, TextPayload(text=f"Step **{n}**:\n\n- read the module\n- run tests")),
        (
            EventKind.TOOL_USE,
            ToolUsePayload(tool_use_id=sh, name="Bash", input={"command": "ls"}),
        ),
        (EventKind.TOOL_RESULT, ToolResultPayload(tool_use_id=sh, content="a.py\nb.py\nc.py")),
        (
            EventKind.TOOL_USE,
            ToolUsePayload(tool_use_id=write, name="Write", input={"file_path": f"/tmp/f{n}.py"}),
        ),
        (EventKind.TOOL_RESULT, ToolResultPayload(tool_use_id=write, content="written")),
        (EventKind.TEXT, TextPayload(text=f"Wrote `f{n}.py`.")),
        (EventKind.STDERR, StderrPayload(line=f"warning: turn {n} took a while")),
        (EventKind.ERROR, ErrorPayload(message="a tool failed"))
        if n % 50 == 0
        else (EventKind.TEXT, TextPayload(text="Checked.")),
        (EventKind.TEXT, TextPayload(text="Next.")),
    ]


def _log() -> Iterator[tuple[EventKind, msgspec.Struct]]:
    yield EventKind.PHASE, PhasePayload(phase=AgentKind.BUILD, state="started")
    n = 0
    while True:
        yield from _turn(n)
        n += 1


def create_long_session(database_url: str, projects_root: Path, count: int) -> tuple[int, int]:
    """A completed single-phase session whose agent logged `count` events; (session, agent) ids."""
    tag = secrets.token_hex(3)
    path = projects_root / f"long-{tag}"
    path.mkdir(parents=True)
    with psycopg.connect(database_url) as conn:
        project_id = conn.execute(
            "INSERT INTO projects (slug, name, path, status)"
            " VALUES (%s, %s, %s, 'ready') RETURNING id",
            (f"long-{tag}", f"Long log {tag}", str(path)),
        ).fetchone()[0]  # type: ignore[index]
        session_id = conn.execute(
            "INSERT INTO sessions (slug, project_id, title, prompt, status, phases, artifact_dir,"
            " model_mode, started_at, finished_at)"
            " VALUES (%s, %s, %s, %s, 'completed', ARRAY['build'], %s, 'scripted', now(), now())"
            " RETURNING id",
            (f"long-{tag}", project_id, "A very long log", "Log a lot", str(path / ".artifacts")),
        ).fetchone()[0]  # type: ignore[index]
        agent_id = conn.execute(
            "INSERT INTO agents (session_id, kind, status, prompt, started_at, finished_at)"
            " VALUES (%s, 'build', 'completed', 'Log a lot', now(), now()) RETURNING id",
            (session_id,),
        ).fetchone()[0]  # type: ignore[index]
    log = _log()
    written = 0
    while written < count:
        batch = min(500, count - written)  # the journal's batch size
        rows = [next(log) for _ in range(batch)]
        append_events(database_url, project_id, session_id, agent_id, rows)
        written += batch
    return session_id, agent_id


def append_events(
    database_url: str,
    project_id: int,
    session_id: int,
    agent_id: int,
    rows: list[tuple[EventKind, msgspec.Struct]],
) -> None:
    """One journal transaction: positions, then a COPY of log rows (the doorbell rings on
    commit)."""
    with psycopg.connect(database_url) as conn, conn.cursor() as cursor:
        taken = cursor.execute(TAKE_POSITIONS, (len(rows),)).fetchone()
        assert taken is not None
        first = int(taken[0]) - len(rows) + 1
        with cursor.copy(EVENT_COPY) as copy:
            for position, (kind, payload) in enumerate(rows, first):
                copy.write_row(
                    (
                        position,
                        project_id,
                        session_id,
                        agent_id,
                        kind.value,
                        _ENCODE(payload).decode(),
                    )
                )


def closing_events(n: int) -> list[tuple[EventKind, msgspec.Struct]]:
    """A few more events to append live."""
    return [(EventKind.ERROR, ErrorPayload(message=f"late error {i}")) for i in range(n - 1)] + [
        (
            EventKind.RESULT,
            ResultPayload(
                subtype="success",
                is_error=False,
                cost_usd=0.5,
                input_tokens=10,
                output_tokens=5,
                cache_read_tokens=0,
                cache_creation_tokens=0,
                turns=1,
                duration_ms=1000,
            ),
        )
    ]
