"""Errors print one clear line on stderr and exit non-zero, never with a traceback."""

from __future__ import annotations

import re

import psycopg
import pytest

from services.cli.outcome import EXIT_COMPLETED, EXIT_ERROR, EXIT_USAGE
from shared.db.feed_positions import TAKE_POSITIONS
from tests.support.cli_client import CliResult, client_env, pilothouse
from tests.support.ports import free_port
from tests.support.stack import Stack


def one_line_error(result: CliResult, code: int = EXIT_ERROR) -> str:
    assert result.code == code, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("pilothouse: "), lines
    return lines[0]


async def test_unknown_project(stack: Stack) -> None:
    line = one_line_error(await pilothouse(stack, "run", "no-such-project", "Anything"))
    assert "no project 'no-such-project'" in line
    assert "HTTP 404" in line


async def test_unknown_session(stack: Stack) -> None:
    for command in (("follow", "no-such-session"), ("export", "424242")):
        line = one_line_error(await pilothouse(stack, *command))
        assert "unknown session" in line


async def test_wrong_token(stack: Stack) -> None:
    result = await pilothouse(
        stack, "run", "demo", "Anything", env=client_env(stack, PILOTHOUSE_TOKEN="wrong")
    )
    line = one_line_error(result)
    assert "refused the token from PILOTHOUSE_TOKEN (HTTP 401)" in line
    flagged = await pilothouse(stack, "cancel", "1", "--token", "wrong")
    assert "refused the token from --token" in one_line_error(flagged)


async def test_no_token_at_all(stack: Stack, tmp_path: pytest.TempPathFactory) -> None:
    env = client_env(stack, PILOTHOUSE_DATA_DIR=str(tmp_path))
    line = one_line_error(await pilothouse(stack, "add", str(stack.projects_root), env=env))
    assert "no token for commands" in line
    assert f"{tmp_path}/token" in line


@pytest.mark.parametrize(
    ("command", "service"),
    [
        (("projects",), "read service"),
        (("sessions",), "read service"),
        (("follow", "1"), "read service"),
        (("export", "1"), "read service"),
        (("run", "demo", "Anything"), "read service"),
        (("add", "/tmp"), "orchestrator"),
        (("cancel", "1"), "orchestrator"),
    ],
)
async def test_services_down(stack: Stack, command: tuple[str, ...], service: str) -> None:
    nobody = str(free_port())
    env = client_env(stack, PILOTHOUSE_READ_PORT=nobody, PILOTHOUSE_ORCHESTRATOR_PORT=nobody)
    line = one_line_error(await pilothouse(stack, *command, env=env))
    assert f"the {service} is not answering at http://127.0.0.1:{nobody}" in line


async def test_run_refuses_to_start_a_session_it_could_not_show(stack: Stack) -> None:
    before = await pilothouse(stack, "sessions", "--json")
    line = one_line_error(
        await pilothouse(stack, "--read-url", "http://127.0.0.1:9", "run", "demo", "x")
    )
    assert "read service is not answering" in line
    assert await pilothouse(stack, "sessions", "--json") == before


async def test_an_event_unlike_the_contract_is_named_not_shown(stack: Stack) -> None:
    run = await pilothouse(stack, "run", "demo", "Document the greeting", "--phases", "spec")
    found = re.search(r"#(\d+)", run.stdout)
    assert run.code == EXIT_COMPLETED, run.stderr
    assert found, run.stdout[:200]
    # A `text` event whose payload is not a TextPayload, as a newer writer might store it.
    async with await psycopg.AsyncConnection.connect(stack.database_url) as writer:
        await writer.execute(
            f"WITH taken AS ({TAKE_POSITIONS})"
            " INSERT INTO events (position, project_id, session_id, kind, payload)"
            " SELECT last_position, project_id, id, 'text', '{\"unexpected\": \"shape\"}'"
            " FROM sessions, taken WHERE id = %s",
            (1, int(found.group(1))),
        )

    line = one_line_error(await pilothouse(stack, "follow", found.group(1)))

    assert "the read service sent data this client cannot read" in line
    assert "`$.items[" in line
    assert "payload" in line


async def test_refused_command_says_why(stack: Stack) -> None:
    line = one_line_error(await pilothouse(stack, "add", "/etc"))
    assert "outside the allowed roots" in line
    # Which roots they are, and the setting that sets them.
    assert f"projects must lie under {stack.projects_root.resolve()}" in line
    assert "(the PILOTHOUSE_ROOTS setting)" in line
    assert "HTTP 400" in line


async def test_refusals_are_in_words_not_schema(stack: Stack) -> None:
    empty = one_line_error(await pilothouse(stack, "run", "demo", ""))
    assert "invalid prompt: must not be empty" in empty
    bad_slug = one_line_error(await pilothouse(stack, "add", "/etc", "--slug", "My Project"))
    assert "use lowercase letters, digits and dashes" in bad_slug
    for line in (empty, bad_slug):
        assert "Expected" not in line
        assert "regex" not in line


async def test_bad_command_line(stack: Stack) -> None:
    result = await pilothouse(stack, "run", "demo", "x", "--phases", "spec,deploy")
    assert result.code == EXIT_USAGE
    assert "'deploy' is not a phase" in result.stderr
    assert "Traceback" not in result.stderr
