"""`make dev`'s runner: starts both services, prints the address with the token, and
stops on Ctrl-C or SIGTERM however it was launched, its running agents recorded."""

from __future__ import annotations

import json
import signal
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_runs import SLOW_TOOL
from tests.support.databases import TestDatabase
from tests.support.dev_runner import PLAIN, SIGINT_IGNORED, DevRunner
from tests.support.processes import alive, processes_running
from tests.support.session_journal import session_agents, session_row
from tests.support.stack import TOKEN, git_project
from tests.support.waiting import eventually_blocking

REPO = Path(__file__).resolve().parents[2]

STOP_WITHIN = 10.0
"""Seconds `make dev` may take to be gone after Ctrl-C or SIGTERM (docs: README)."""


def _command(env: dict[str, str], path: str, body: dict[str, Any]) -> dict[str, Any]:
    port = env["PILOTHOUSE_ORCHESTRATOR_PORT"]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        answer: dict[str, Any] = json.loads(response.read())
        return answer


def _announcement(env: dict[str, str]) -> str:
    return f"Open http://127.0.0.1:{env['PILOTHOUSE_READ_PORT']}/#token={TOKEN}"


@pytest.mark.e2e
def test_dev_prints_the_ui_address_with_the_token(
    make_dev: Callable[[list[str]], DevRunner], dev_env: dict[str, str]
) -> None:
    if not (REPO / "webui" / "dist" / "index.html").exists():
        pytest.skip("needs the built UI: run `make webui` (make test does)")
    runner = make_dev(PLAIN)
    # The runner's own line, printed once both services answer (not a service's banner).
    announcement = _announcement(dev_env)
    runner.wait_printed(announcement)
    address = announcement.removeprefix("Open ")
    # Each service's address is printed once (by the service), not again by the runner.
    printed = runner.output()
    for port in (dev_env["PILOTHOUSE_READ_PORT"], dev_env["PILOTHOUSE_ORCHESTRATOR_PORT"]):
        assert printed.count(f" on http://127.0.0.1:{port}") == 1, printed
    with urllib.request.urlopen(address, timeout=10) as response:
        assert b'<div id="root">' in response.read()
    runner.process.send_signal(signal.SIGINT)
    runner.process.wait(30)
    assert runner.process.returncode == 0


@pytest.mark.agents
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_dev_started_with_sigint_ignored_stops_in_time_and_records_its_agents(
    make_dev: Callable[[list[str]], DevRunner],
    dev_env: dict[str, str],
    database: TestDatabase,
    stop: signal.Signals,
) -> None:
    runner = make_dev(SIGINT_IGNORED)
    runner.wait_printed(_announcement(dev_env))
    project = git_project(Path(dev_env["PILOTHOUSE_ROOTS"]), "demo")
    _command(dev_env, "/api/projects", {"path": str(project)})
    body = {"project": "demo", "prompt": "Take your time [scripted:slow]", "phases": ["build"]}
    session_id = _command(dev_env, "/api/sessions", body)["id"]

    def agent_in_its_slow_tool() -> bool:
        running = processes_running(SLOW_TOOL, under=Path(dev_env["PILOTHOUSE_DATA_DIR"]).parent)
        return any(pid in runner.family() for pid in running)

    eventually_blocking(agent_in_its_slow_tool, within=120, what=f"{SLOW_TOOL} to run")
    family = runner.family()

    asked = time.monotonic()
    runner.process.send_signal(stop)
    runner.process.wait(STOP_WITHIN + 5)
    took = time.monotonic() - asked

    assert took < STOP_WITHIN, f"make dev took {took:.1f}s to stop:\n{runner.output()}"
    assert runner.process.returncode == 0, runner.output()
    assert [pid for pid in family if alive(pid)] == [], "make dev left processes running"
    session = session_row(database.url, session_id)
    assert session["status"] == "interrupted", (session, runner.output())
    [agent] = session_agents(database.url, session_id)
    assert agent["status"] == "interrupted", agent
