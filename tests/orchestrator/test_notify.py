"""The notification command: run with the event's details when a session awaits review or
fails, and a command that fails or hangs never disturbs the session nor the next one."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from services.orchestrator.app import create_app
from shared.config.settings import Settings
from tests.support.agent_runs import start, until_status
from tests.support.databases import TestDatabase
from tests.support.waiting import eventually

pytestmark = pytest.mark.agents


def _lines(path: Path) -> list[str] | None:
    return path.read_text().splitlines() if path.is_file() else None


async def test_the_command_gets_the_sessions_details(
    agent_settings: Settings, database: TestDatabase, project_dir: Path, tmp_path: Path
) -> None:
    heard = tmp_path / "notified.txt"
    command = f'echo "$NOTIFY_KIND|$NOTIFY_SESSION|$NOTIFY_URL|$NOTIFY_MESSAGE" >> {heard}'
    settings = msgspec.structs.replace(agent_settings, notify_command=command)
    async with AsyncTestClient(create_app(settings)) as client:
        review = await start(client, project_dir, "Add a greeting", phases=["build"])
        await until_status(database, review["id"], "awaiting_review")
        [line] = await eventually(lambda: _lines(heard))
        assert line == (
            f"awaiting_review|{review['slug']}|{settings.read_base_url}/sessions/{review['id']}|"
        )
        failed = await start(client, project_dir, "Break [scripted:fail]", phases=["build"])
        await until_status(database, failed["id"], "failed")
        lines = await eventually(lambda: _at_least(heard, 2))
    kind, slug, url, message = lines[1].split("|", 3)
    assert (kind, slug, url) == (
        "failed",
        failed["slug"],
        f"{settings.read_base_url}/sessions/{failed['id']}",
    )
    assert "scripted failure" in message


def _at_least(path: Path, count: int) -> list[str] | None:
    lines = _lines(path)
    return lines if lines is not None and len(lines) >= count else None


@pytest.mark.parametrize("command", ["exit 3", "echo started; sleep 300", "/no/such/program"])
async def test_a_failing_command_never_disturbs_the_session(
    agent_settings: Settings,
    database: TestDatabase,
    project_dir: Path,
    tmp_path: Path,
    command: str,
) -> None:
    settings = msgspec.structs.replace(agent_settings, notify_command=command)
    async with AsyncTestClient(create_app(settings)) as client:
        first = await start(client, project_dir, "Add a greeting", phases=["build"])
        await until_status(database, first["id"], "awaiting_review")
        second = await start(client, project_dir, "Add another", phases=["build"])
        session = await until_status(database, second["id"], "awaiting_review", "failed")
    assert session["status"] == "awaiting_review"
    assert session["error"] is None
