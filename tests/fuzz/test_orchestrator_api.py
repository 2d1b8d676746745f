"""The orchestrator's commands against its own OpenAPI document (schemathesis).

Sent with the bearer token; schemathesis also sends each one without it, and the 401
must match its documented body too. No 5xx, documented statuses and bodies only, and
every other schemathesis check: an invalid body is refused, and a valid one accepted
unless refused for a reason tests/support/fuzz_refusals.py lists for its operation.
Sessions it starts stay queued: the stack runs with max_running_agents=0.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import msgspec
import pytest
from schemathesis import Case, HookContext

from shared.contract.wire import ErrorBody
from tests.support.db_reads import snapshot
from tests.support.document_checks import body_is_valid
from tests.support.fuzz_refusals import refusal_says_why
from tests.support.fuzz_schemas import (
    BUDGET,
    Answers,
    KnownValues,
    answers_of,
    orchestrator_document,
    service_schema,
)
from tests.support.fuzz_seed import Seeded

DOCUMENT = orchestrator_document()
KNOWN = KnownValues()
SPARE: set[str] = set()
PROJECT_REFS: set[str] = set()
SESSION_REF: list[str] = []
GATES: list[str] = []
"""The seeded gate a PATCH changes, the one a DELETE may remove, and their project."""
REACHABLE = (
    {
        f"{method.upper()} {path}"
        for path, methods in DOCUMENT["paths"].items()
        for method in methods
    }
    - {
        f"POST /api/sessions/{{ref}}/{command}"
        for command in (
            "resume",
            "retry",
            "approve",
            "discard",
            "keep",
            "resolve",
            "comments",
            "request-changes",
            "follow-up",
        )
    }
    - {f"{method} /api/sessions/{{ref}}/comments/{{comment_id}}" for method in ("PATCH", "DELETE")}
    - {"POST /api/sessions/{ref}/requests/{request_id}/answer"}
)
"""Resume and retry succeed only on a stopped session, which the fuzzer may not leave;
the review commands, comments and the rounds they start only on one that ran on its
branch; an answer only on a pending permission request, which only a supervised agent
makes (no agent runs here)."""
schema = service_schema(DOCUMENT, KNOWN)


@schema.hook("filter_path_parameters")
def spares_the_spare_project(context: HookContext, path: dict[str, Any]) -> bool:
    """Archiving takes any ref the generator comes up with ("2" is likely); keep the
    project that sessions are started on open."""
    return context.operation is None or not (
        context.operation.path.endswith("/archive") and path.get("ref") in SPARE
    )


@schema.hook("map_path_parameters")
def names_sessions_on_session_paths(context: HookContext, path: dict[str, Any]) -> dict[str, Any]:
    """Half the refs given to a session command (a seeded project's, and a deterministic
    half of the generated ones) become the seeded session's, so that every session
    command reaches a real session with a valid body in some cases; the other half keep
    fuzzing the ref itself."""
    operation = context.operation
    if operation is not None and operation.path.startswith("/api/sessions/{ref}"):
        ref = path.get("ref")
        if isinstance(ref, str) and (ref in PROJECT_REFS or zlib.crc32(ref.encode()) % 2):
            return {**path, "ref": SESSION_REF[0]}
    return path


@schema.hook("map_path_parameters")
def names_gates_on_gate_paths(context: HookContext, path: dict[str, Any]) -> dict[str, Any]:
    """Half the refs given to a gate command become the seeded project's, and half of
    their gate names a seeded gate (the one a DELETE may remove is not the one a PATCH
    changes): a gate command needs both to succeed, too rare by chance alone."""
    operation = context.operation
    if operation is None or not operation.path.startswith("/api/projects/{ref}/gates"):
        return path
    ref, name = path.get("ref"), path.get("name")
    if isinstance(ref, str) and zlib.crc32(ref.encode()) % 2 and GATES:
        path = {**path, "ref": GATES[2]}
        if isinstance(name, str) and zlib.crc32(name.encode()) % 2:
            gate = GATES[1] if operation.method.upper() == "DELETE" else GATES[0]
            path = {**path, "name": gate}
    return path


@pytest.fixture(scope="module")
def orchestrator(seeded: Seeded) -> tuple[str, dict[str, str]]:
    """The orchestrator's address and auth header; seeded rows made known to the generator."""
    stack = seeded.stack
    KNOWN.token = stack.access_token
    SPARE.update({seeded.spare_project_slug, str(seeded.spare_project_id)})
    # Gate names in paths come from names_gates_on_gate_paths alone (a DELETE must not
    # remove the gate a PATCH needs).
    KNOWN.path.update(ref=[seeded.project_slug, str(seeded.project_id), seeded.session_slug])
    GATES[:] = [*seeded.gate_names, seeded.project_slug]
    PROJECT_REFS.update({seeded.project_slug, str(seeded.project_id)})
    SESSION_REF[:] = [seeded.session_slug]
    KNOWN.body.update(
        # Only the spare project: the archive operation's run may archive `demo` first.
        project=[seeded.spare_project_slug],
        phases=[["spec"], ["plan", "build"]],
        phase=["spec"],
        path=[str(stack.projects_root / "demo"), str(stack.projects_root), "/etc"],
        # A start with a generated base names no branch: this one does (the seeded
        # repositories are on trunk).
        base=["trunk"],
        name=[seeded.gate_names[0], "lint"],
        command=["true"],
    )
    return stack.orchestrator_url, {"Authorization": f"Bearer {stack.access_token}"}


def test_the_service_serves_the_fuzzed_document(orchestrator: tuple[str, dict[str, str]]) -> None:
    url, _ = orchestrator
    served = httpx.get(f"{url}/schema/openapi.json", timeout=10)
    assert served.status_code == 200
    assert served.json() == DOCUMENT


@pytest.fixture
def answers(request: pytest.FixtureRequest) -> Iterator[Answers]:
    """After an operation's conformance run: generated requests did not all bounce, each
    operation in REACHABLE answered some with success. Checked by each operation's own
    test, so in any order and alone."""
    yield from answers_of(request, REACHABLE)


@schema.parametrize()
@BUDGET
def test_orchestrator_api_conforms(
    case: Case[Any], orchestrator: tuple[str, dict[str, str]], answers: Answers
) -> None:
    url, _ = orchestrator
    response = case.call_and_validate(base_url=url, additional_checks=[refusal_says_why])
    answers.record(case, response.status_code)


# Found by the fuzzer, each a 500 before it was fixed: NUL bytes in text reached
# PostgreSQL (which refuses them), a prompt of only whitespace had no first line to take
# a title from, "²" in a ref passed str.isdigit() and failed int(), and a prune's age
# beyond any date overflowed timedelta.
REFUSED: list[tuple[str, str, dict[str, Any] | None, str]] = [
    ("POST", "/api/sessions", {"project": "demo\x00", "prompt": "x"}, "project"),
    ("POST", "/api/sessions", {"project": "demo", "prompt": "x\x00"}, "prompt"),
    ("POST", "/api/sessions", {"project": "demo", "prompt": "x", "title": "\x00"}, "title"),
    ("POST", "/api/sessions", {"project": "demo", "prompt": " \n "}, "prompt"),
    ("POST", "/api/sessions/{session}/debug", {"prompt": "why\x00"}, "prompt"),
    ("POST", "/api/sessions/{session}/debug", {"prompt": "\t"}, "prompt"),
    ("PATCH", "/api/projects/demo", {"description": "a\x00"}, "description"),
    ("PATCH", "/api/projects/demo", {"name": "\x00"}, "name"),
    ("POST", "/api/sessions/demo%00/cancel", None, "ref"),
    ("POST", "/api/sessions/%C2%B2/resume", None, "ref"),
    ("POST", "/api/projects/%C2%B2/archive", None, "ref"),
    ("POST", "/api/worktrees/prune", {"older_than_seconds": 7 * 10**26}, "older_than_seconds"),
]


@pytest.mark.parametrize("refused", REFUSED, ids=[f"{m} {p} {f}" for m, p, _, f in REFUSED])
def test_odd_input_found_by_the_fuzzer_is_a_400(
    seeded: Seeded,
    orchestrator: tuple[str, dict[str, str]],
    refused: tuple[str, str, dict[str, Any] | None, str],
) -> None:
    method, path, body, field = refused
    url, auth = orchestrator
    before = asyncio.run(snapshot(seeded.stack.database_url))
    response = httpx.request(
        method, url + path.format(session=seeded.session_slug), json=body, headers=auth
    )
    assert response.status_code == 400, response.text
    error = msgspec.json.decode(response.content, type=ErrorBody)
    assert field in error.detail, error.detail
    assert asyncio.run(snapshot(seeded.stack.database_url)) == before


# Found by positive_data_acceptance, each valid by the document and refused with a 400
# before the document said it: a relative project path, bounds of 0 Litestar left out of
# optional numbers, blank prompts and commands, approve's rebase with a message, a setup
# file leading out of the project, a phase given twice. The document must now call each
# invalid, and the service still refuse it.
UNDOCUMENTED: list[tuple[str, str, dict[str, Any], str]] = [
    ("POST", "/api/projects", {"path": "0"}, "path"),
    ("POST", "/api/projects", {"path": "/tmp", "setup_files": ["../up"]}, "setup_files"),
    ("PATCH", "/api/projects/{ref}", {"fix_rounds": -1}, "fix_rounds"),
    ("POST", "/api/sessions", {"project": "demo", "prompt": "x", "max_budget_usd": 0}, "budget"),
    ("POST", "/api/sessions", {"project": "demo", "prompt": "x", "phases": ["spec"] * 2}, "phases"),
    ("POST", "/api/sessions/{ref}/debug", {"prompt": " \u3000"}, "prompt"),
    ("POST", "/api/sessions/{ref}/follow-up", {"message": "\n"}, "message"),
    ("POST", "/api/sessions/{ref}/approve", {"strategy": "rebase", "message": "m"}, "message"),
    ("POST", "/api/projects/{ref}/gates", {"name": "x", "command": " "}, "command"),
    ("PATCH", "/api/projects/{ref}/gates/{name}", {"timeout_seconds": 0}, "timeout_seconds"),
    ("POST", "/api/worktrees/prune", {"older_than_seconds": -1}, "older_than_seconds"),
    (
        "POST",
        "/api/sessions/{ref}/requests/{request_id}/answer",
        {"decision": "allow_once", "answers": {"which\x00": "a"}},
        "answers",
    ),
]


@pytest.mark.parametrize("case", UNDOCUMENTED, ids=[f"{m} {p} {f}" for m, p, _, f in UNDOCUMENTED])
def test_what_the_service_refuses_the_document_calls_invalid(
    seeded: Seeded,
    orchestrator: tuple[str, dict[str, str]],
    case: tuple[str, str, dict[str, Any], str],
) -> None:
    method, path, body, field = case
    assert not body_is_valid(DOCUMENT, method, path, body)
    url, auth = orchestrator
    ref = seeded.session_slug if path.startswith("/api/sessions/") else seeded.project_slug
    target = path.format(ref=ref, name=seeded.gate_names[0], request_id=1)
    before = asyncio.run(snapshot(seeded.stack.database_url))
    response = httpx.request(method, url + target, json=body, headers=auth)
    assert response.status_code == 400, response.text
    assert field in msgspec.json.decode(response.content, type=ErrorBody).detail
    assert asyncio.run(snapshot(seeded.stack.database_url)) == before


def test_an_integer_with_a_zero_fraction_is_accepted_as_the_document_says(
    seeded: Seeded, orchestrator: tuple[str, dict[str, str]]
) -> None:
    """JSON Schema's `integer` takes 2.0; the service refused it (the fuzzer sent it)."""
    body = {"fix_rounds": 2.0}
    assert body_is_valid(DOCUMENT, "PATCH", "/api/projects/{ref}", body)
    url, auth = orchestrator
    response = httpx.patch(f"{url}/api/projects/{seeded.project_slug}", json=body, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json()["fix_rounds"] == 2
