"""The retention command: old finished sessions lose their events, archived exactly first;
everything else is untouched; it survives being killed; bad input gets one clear line."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import AsyncConnection

from services.orchestrator.retention import horizons
from services.orchestrator.retention.archive import read_archive
from services.orchestrator.retention.args import Options
from services.orchestrator.retention.horizons import LOCK_KEY
from services.orchestrator.retention.sweep import RetentionError, Totals, main, run
from shared.contract.enums import EventKind, SessionStatus
from shared.contract.events import EventView
from shared.contract.wire import SessionView
from shared.db.event_rows import EVENT_COLUMNS, decoded, event_view
from shared.db.migrations import REPO_ROOT
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.waiting import eventually

Conn = AsyncConnection[tuple[Any, ...]]
MONTH = timedelta(days=30)


@pytest.fixture
async def writer(database: TestDatabase) -> Any:
    async with await AsyncConnection.connect(database.url, autocommit=True) as conn:
        yield conn


async def seed(conn: Conn, status: SessionStatus, *, days_ago: float, lines: int) -> SessionView:
    session, _ = await writers.ended_session(conn, status, days_ago=days_ago, lines=lines)
    return session


async def journal(conn: Conn, session_id: int | None = None) -> list[EventView]:
    """The rows of one session (or all), in feed order, as the API shows them."""
    where = "true" if session_id is None else "session_id = %s"
    query = EVENT_COLUMNS.as_string(None)
    cursor = await conn.execute(
        f"SELECT {query} FROM events WHERE {where} ORDER BY position",
        () if session_id is None else (session_id,),
    )
    # As a client decodes them: event_view leaves each payload undecoded.
    return [decoded(event_view(row)) for row in await cursor.fetchall()]


async def horizon_row(conn: Conn, session_id: int) -> tuple[Any, ...] | None:
    cursor = await conn.execute(
        "SELECT horizon_position::text, kept_event_id, events_removed, archive,"
        " finished_at IS NOT NULL FROM retention_horizons WHERE session_id = %s",
        (session_id,),
    )
    return await cursor.fetchone()


def archive_file(archive: Path, session_id: int) -> Path:
    [path] = archive.glob(f"session-{session_id}-*.jsonl.gz")
    return path


async def assert_archived(
    conn: Conn, session_id: int, rows: list[EventView], archive: Path
) -> None:
    """`rows`, the session's whole journal before, are in its archive exactly; only the
    last session_changed is left; the horizon says so, and the round is finished."""
    kept = [e for e in rows if e.kind is EventKind.SESSION_CHANGED][-1]
    assert await journal(conn, session_id) == [kept]
    path = archive_file(archive, session_id)
    assert read_archive(path) == rows, "the archive is the session's journal, exactly"
    expected = (rows[-1].token, kept.id, len(rows) - 1, str(path), True)
    assert await horizon_row(conn, session_id) == expected


async def retain(url: str, **options: Any) -> tuple[Totals, list[str]]:
    lines: list[str] = []
    settings = {"older_than": MONTH, "archive_dir": None, "dry_run": False, "batch_size": 1000}
    totals = await asyncio.to_thread(run, url, Options(**{**settings, **options}), lines.append)
    return totals, lines


async def test_old_finished_sessions_are_archived_exactly_then_removed(
    database: TestDatabase, writer: Conn, tmp_path: Path
) -> None:
    old = [
        await seed(writer, status, days_ago=40, lines=25)
        for status in (SessionStatus.COMPLETED, SessionStatus.FAILED, SessionStatus.CANCELLED)
    ]
    recent = await seed(writer, SessionStatus.COMPLETED, days_ago=5, lines=5)
    # Sessions that can still run keep everything, even with an old finish time.
    alive = []
    for status in (
        SessionStatus.QUEUED,
        SessionStatus.RUNNING,
        SessionStatus.INTERRUPTED,
    ):
        alive.append(await seed(writer, status, days_ago=40, lines=5))
    before = {session.id: await journal(writer, session.id) for session in [*old, recent, *alive]}
    everything_else = [e for e in await journal(writer) if e.session_id not in before]

    archive = tmp_path / "archive"
    totals, lines = await retain(database.url, archive_dir=archive, batch_size=7)

    assert (totals.sessions, totals.events) == (3, sum(len(before[s.id]) - 1 for s in old))
    assert totals.archived_bytes == sum(f.stat().st_size for f in archive.iterdir())
    for session in old:
        await assert_archived(writer, session.id, before[session.id], archive)
        assert any(line.startswith(f"session {session.id} ") for line in lines)
    for session in [recent, *alive]:
        assert await journal(writer, session.id) == before[session.id]
        assert await horizon_row(writer, session.id) is None
    assert [e for e in await journal(writer) if e.session_id not in before] == everything_else
    assert not list(archive.glob("*.partial"))

    # Idempotent: a second run finds nothing and changes nothing.
    after_first = await journal(writer)
    again, _ = await retain(database.url, archive_dir=archive)
    assert (again.sessions, again.events, again.archived_bytes) == (0, 0, 0)
    assert await journal(writer) == after_first


async def test_a_session_finished_again_after_a_run_gets_a_new_round(
    database: TestDatabase, writer: Conn
) -> None:
    session = await seed(writer, SessionStatus.FAILED, days_ago=40, lines=5)
    await retain(database.url)
    first = await horizon_row(writer, session.id)
    assert first is not None
    # Retried, it ran and failed again, also long ago: its new events go too.
    agent = await writers.create_agent(writer, session)
    await writers.log_many(writer, session, agent, ["retry 1", "retry 2"])
    await writers.finish_session(writer, session, SessionStatus.FAILED, days_ago=35)
    last = (await journal(writer, session.id))[-1]

    totals, _ = await retain(database.url)

    assert totals.events == 4, "the previous round's kept row, the agent, two lines"
    assert await journal(writer, session.id) == [last]
    second = await horizon_row(writer, session.id)
    assert second is not None
    assert (second[0], second[2]) == (last.token, first[2] + 4)


async def test_a_session_resumed_midway_keeps_the_rest_of_its_events(
    database: TestDatabase, writer: Conn
) -> None:
    session = await seed(writer, SessionStatus.INTERRUPTED, days_ago=40, lines=20)
    session = await writers.set_session_status(writer, session, SessionStatus.FAILED)
    rows = await journal(writer, session.id)
    with psycopg.connect(database.url, autocommit=True) as conn:
        round_ = horizons.begin_round(conn, session.id, MONTH)
        assert round_ is not None
        assert horizons.delete_batch(conn, round_, 5) == 5
        # Retried now: the orchestrator queues it again.
        await writers.set_session_status(writer, session, SessionStatus.QUEUED)
        assert horizons.delete_batch(conn, round_, 5) == 0
    assert len(await journal(writer, session.id)) == len(rows) - 5 + 1
    totals, _ = await retain(database.url)
    assert totals.sessions == 0, "a queued session is not touched"


async def test_dry_run_writes_nothing(database: TestDatabase, writer: Conn, tmp_path: Path) -> None:
    old = await seed(writer, SessionStatus.COMPLETED, days_ago=40, lines=10)
    before = await journal(writer)
    archive = tmp_path / "never"

    totals, lines = await retain(database.url, archive_dir=archive, dry_run=True)

    assert (totals.sessions, totals.events) == (1, len(await journal(writer, old.id)) - 1)
    assert any("would remove" in line for line in lines)
    assert await journal(writer) == before
    assert await horizon_row(writer, old.id) is None
    assert not archive.exists()


async def test_a_second_run_at_the_same_time_is_refused(database: TestDatabase) -> None:
    async with await AsyncConnection.connect(database.url, autocommit=True) as other:
        await other.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        with pytest.raises(RetentionError, match="another retention run"):
            await retain(database.url)


async def test_an_unusable_archive_directory_is_refused(
    database: TestDatabase, tmp_path: Path
) -> None:
    occupied = tmp_path / "a-file"
    occupied.write_text("not a directory")
    with pytest.raises(RetentionError, match="cannot use --archive-dir"):
        await retain(database.url, archive_dir=occupied)


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "services.orchestrator.retention", *args]


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "PILOTHOUSE_LOG_LEVEL": "warning"}


@pytest.mark.slow
async def test_a_rerun_after_a_kill_completes_the_job(
    database: TestDatabase, writer: Conn, tmp_path: Path
) -> None:
    session, agent = await writers.new_session(writer)
    for chunk in range(10):
        await writers.log_many(writer, session, agent, [f"{chunk}.{n}" for n in range(2000)])
    session = await writers.finish_session(writer, session, SessionStatus.COMPLETED, days_ago=40)
    rows = await journal(writer, session.id)
    archive = tmp_path / "archive"
    args = ("--older-than", "30d", "--archive-dir", str(archive))

    # One row per transaction: slow enough to be killed midway, for real.
    process = await asyncio.create_subprocess_exec(
        *_command(*args, "--batch-size", "1"),
        cwd=REPO_ROOT,
        env=_env(database.url),
        stdout=asyncio.subprocess.DEVNULL,
    )
    try:

        async def deleting() -> bool:
            found = await horizon_row(writer, session.id)
            return found is not None and found[2] > 0

        await eventually(deleting, within=30, every=0.05, what="the first deletions")
    finally:
        process.send_signal(signal.SIGKILL)
        await asyncio.wait_for(process.wait(), timeout=10)
    interrupted = await horizon_row(writer, session.id)
    assert interrupted is not None
    assert interrupted[4] is False, "killed before it finished"
    assert 1 < len(await journal(writer, session.id)) < len(rows)

    rerun = await asyncio.to_thread(
        subprocess.run,
        _command(*args),
        check=False,
        cwd=REPO_ROOT,
        env=_env(database.url),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert rerun.returncode == 0, rerun.stderr
    assert "resuming an interrupted run" in rerun.stdout
    await assert_archived(writer, session.id, rows, archive)


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        ([], "--older-than"),
        (["--older-than", "30"], "not an age"),
        (["--older-than", "10m", "--no-archive"], "minimum of 1h"),
        (["--older-than", "30d"], "--archive-dir DIR, or --no-archive"),
        (["--older-than", "30d", "--no-archive", "--archive-dir", "x"], "not allowed with"),
        (["--older-than", "30d", "--no-archive", "--batch-size", "0"], "from 1 to 100000"),
        (["--older-than", "30d", "--no-archive", "--batch-size", "²"], "from 1 to 100000"),
        (["--older-than", "30d", "--no-archive", "--fast"], "unrecognized"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(
    args: list[str], complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("pilothouse retention: ")
    assert complaint in err


def test_an_unreachable_database_is_one_line_and_exit_1(database: TestDatabase) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        port = closed.getsockname()[1]
        url = f"postgresql://nobody@127.0.0.1:{port}/none?connect_timeout=2"
        done = subprocess.run(
            _command("--older-than", "30d", "--no-archive"),
            check=False,
            cwd=REPO_ROOT,
            env=_env(url),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("pilothouse retention: database error: ")
