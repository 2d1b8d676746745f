"""A supervised session from the terminal: `run --supervised` (and `follow`) ring the bell
and print each request with the command that answers it; `answer` lists, denies with a
message, allows for the session, answers questions, and says plainly when a request no
longer waits."""

from __future__ import annotations

import re

import pytest

from services.cli.outcome import EXIT_COMPLETED, EXIT_ERROR
from services.scripted_model.supervised import PROBE_COMMAND
from tests.support.cli_client import Cli, client_env, pilothouse
from tests.support.stack import Stack

pytestmark = pytest.mark.agents

ASKED = re.compile(r"\? needs you \(request #(\d+)\)")


def _slug(output: str) -> str:
    found = re.match(r"session (\S+) \(#\d+\)", output)
    assert found, output[:200]
    return found.group(1)


def _asked(running: Cli, count: int) -> list[str]:
    joined = "".join(running.lines)
    found = ASKED.findall(joined)
    return found if len(found) >= count else []


async def test_run_rings_and_answer_denies_then_allows_for_the_session(stack: Stack) -> None:
    running = await Cli.start(
        ("run", "demo", "Probe [scripted:supervised]", "--phases", "build", "--supervised"),
        client_env(stack),
    )
    await running.wait_printed("? needs you")
    output = "".join(running.lines)
    slug = _slug(output)
    [first] = ASKED.findall(output)
    assert "\a" in output
    assert f"Bash wants to run: {PROBE_COMMAND}" in output
    assert "reason: Write the probe file" in output
    assert f"answer: pilothouse answer {slug} {first} --allow | --allow-session" in output

    listed = await pilothouse(stack, "answer", slug)
    assert listed.code == EXIT_COMPLETED, listed.stderr
    assert f"? needs you (request #{first}): Bash wants to run: {PROBE_COMMAND}" in listed.stdout

    denied = await pilothouse(stack, "answer", slug, "--deny", "Not that way")
    assert denied.code == EXIT_COMPLETED, denied.stderr
    assert denied.stdout == f"request #{first} denied: Not that way\n"

    await running.wait_printed(f"request #{int(first) + 1})")
    allowed = await pilothouse(stack, "answer", slug, "--allow-session")
    assert allowed.code == EXIT_COMPLETED, allowed.stderr
    assert allowed.stdout == f"request #{int(first) + 1} allowed for the session\n"

    result = await running.finish()
    assert result.code == EXIT_COMPLETED, result.stderr
    assert f"request #{first} denied: Not that way" in result.stdout
    assert result.stdout.count("\a") == 2

    late = await pilothouse(stack, "answer", slug, first, "--allow")
    assert late.code == EXIT_ERROR
    assert "no longer waiting for an answer: it was already denied" in late.stderr
    nothing = await pilothouse(stack, "answer", slug, "--allow")
    assert nothing.code == EXIT_ERROR
    assert f"no request of session {slug} waits for an answer" in nothing.stderr


async def test_follow_shows_a_question_and_answer_answers_it(stack: Stack) -> None:
    started = await Cli.start(
        ("run", "demo", "Ask [scripted:ask]", "--phases", "build", "--supervised", "--detach"),
        client_env(stack),
    )
    detached = await started.finish()
    assert detached.code == EXIT_COMPLETED, detached.stderr
    slug = detached.stdout.split(" ", 1)[0]
    follower = await Cli.start(("follow", slug), client_env(stack))
    await follower.wait_printed("the agent asks: Which greeting should the module use?")
    assert "(Hello / Ahoy)" in "".join(follower.lines)
    assert "--answer TEXT" in "".join(follower.lines)

    answered = await pilothouse(stack, "answer", slug, "--answer", "Ahoy")
    assert answered.code == EXIT_COMPLETED, answered.stderr
    await follower.wait_printed("Bash wants to run: echo")
    assert "Ahoy" in "".join(follower.lines).rsplit("Bash wants to run", 1)[1]
    allowed = await pilothouse(stack, "answer", slug, "--allow")
    assert allowed.code == EXIT_COMPLETED, allowed.stderr
    result = await follower.finish()
    assert result.code == EXIT_COMPLETED, result.stderr
    assert result.stdout.count("\a") == 2
