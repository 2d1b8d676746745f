"""The read service's REST API against its own OpenAPI document (schemathesis).

Every generated request, valid or not, must get a documented status (never a 5xx) with a
body matching the schema documented for that status, error bodies included; every
schemathesis check runs: an invalid request is refused, and a valid one accepted unless
refused for a reason tests/support/fuzz_refusals.py lists for its operation.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import msgspec
import pytest
from schemathesis import Case, HookContext

from shared.contract.wire import ErrorBody
from tests.support.document_checks import query_is_valid
from tests.support.fuzz_refusals import refusal_says_why
from tests.support.fuzz_schemas import (
    BUDGET,
    Answers,
    KnownValues,
    answers_of,
    read_document,
    service_schema,
)
from tests.support.fuzz_seed import Seeded

DOCUMENT = read_document()
KNOWN = KnownValues()
REACHABLE = {
    f"{method.upper()} {path}" for path, methods in DOCUMENT["paths"].items() for method in methods
}
"""Every operation: each can succeed on the seeded rows."""
schema = service_schema(DOCUMENT, KNOWN)
SESSION_REF: list[str] = []
SEEDED_FILE = "spec.md"
"""An artifact of the seeded session, and a file its changes name (tests/support/fuzz_seed.py)."""


@schema.hook("map_path_parameters")
def names_the_session_and_its_files(context: HookContext, path: dict[str, Any]) -> dict[str, Any]:
    """A deterministic half of the refs given to a session's pages become the seeded
    session's, and then half of their file paths its file: session pages with a file
    (artifacts, changes) otherwise reach a real one too rarely to show they can succeed.
    The other halves keep fuzzing the ref and the path themselves."""
    operation = context.operation
    if operation is None or not operation.path.startswith("/api/sessions/{ref}") or not SESSION_REF:
        return path
    ref, name = path.get("ref"), path.get("path")
    if isinstance(ref, str) and zlib.crc32(ref.encode()) % 2:
        path = {**path, "ref": SESSION_REF[0]}
        if isinstance(name, str) and zlib.crc32(name.encode()) % 2:
            path = {**path, "path": SEEDED_FILE}
    return path


@pytest.fixture(scope="module")
def read_url(seeded: Seeded) -> str:
    """The read service's address, with the seeded rows made known to the generator."""
    stack = seeded.stack
    SESSION_REF[:] = [seeded.session_slug]
    KNOWN.path.update(
        ref=[seeded.project_slug, str(seeded.project_id), seeded.session_slug],
        agent_id=[seeded.agent_id],
        path=["spec.md", "context/notes.md"],
    )
    KNOWN.query.update(
        project=[seeded.project_slug, str(seeded.project_id)],
        agent=[seeded.agent_id],
        after=[seeded.token, "0"],
        before=[seeded.token],
        path=[str(stack.projects_root), str(stack.projects_root / "demo")],
    )
    return stack.read_url


def test_the_service_serves_the_fuzzed_document(read_url: str) -> None:
    served = httpx.get(f"{read_url}/schema/openapi.json", timeout=10)
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
def test_read_api_conforms(case: Case[Any], read_url: str, answers: Answers) -> None:
    response = case.call_and_validate(base_url=read_url, additional_checks=[refusal_says_why])
    answers.record(case, response.status_code)


# Found by the fuzzer, each a 500 before it was fixed: NUL bytes in a ref reached
# PostgreSQL (which refuses them in text), "²" passed str.isdigit() and failed int(), and
# resume tokens beyond bigint failed the query. 405s had lost their `Allow` header.
REFUSED = [
    "/api/projects/demo%00",
    "/api/sessions/demo%00",
    "/api/sessions/%C2%B2",
    "/api/sessions?project=%00",
    "/api/sessions/{session}/events?after=%C2%B2-1",
    "/api/sessions/{session}/events?before=" + "9" * 25 + "-1",
    "/api/agents/{agent}/events?after=1-" + "9" * 25,
    "/api/sessions/demo%00/artifacts",
    "/api/sessions/demo%00/artifacts/spec.md",
]


@pytest.mark.parametrize("path", REFUSED)
def test_odd_input_found_by_the_fuzzer_is_a_400(seeded: Seeded, path: str) -> None:
    url = seeded.stack.read_url + path.format(session=seeded.session_id, agent=seeded.agent_id)
    response = httpx.get(url, timeout=10)
    assert response.status_code == 400, response.text
    body = msgspec.json.decode(response.content, type=ErrorBody)
    assert body.status_code == 400
    assert "bad parameter" in body.detail


def test_other_methods_get_405_saying_what_is_allowed(read_url: str) -> None:
    response = httpx.request("TRACE", f"{read_url}/api/projects", timeout=10)
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


# Found by positive_data_acceptance, each valid by the document and refused with a 400
# before the document said it: the values a log filter takes, words that are only blanks,
# days that do not exist, a list longer than the service takes (repeats counted).
UNDOCUMENTED: list[tuple[str, str, str]] = [
    ("/api/sessions/{ref}/events", "kind", "0" * 300),
    ("/api/sessions/{ref}/events", "kind", "text,nope"),
    ("/api/sessions/{ref}/events", "tool", "Bash,a b"),
    ("/api/sessions/{ref}/events", "tool", ",".join(["Bash"] * 21)),
    ("/api/search", "kind", "gate"),  # a kind search does not index
    ("/api/search", "q", " \t"),
    ("/api/search", "since", "0000-00-00"),
    ("/api/search", "since", "2023-02-29"),
    ("/api/search", "until", "2026-11-30T24:00"),
]


@pytest.mark.parametrize("case", UNDOCUMENTED, ids=[f"{p} {n}={v[:9]}" for p, n, v in UNDOCUMENTED])
def test_what_the_service_refuses_the_document_calls_invalid(
    seeded: Seeded, case: tuple[str, str, str]
) -> None:
    path, name, value = case
    assert not query_is_valid(DOCUMENT, path, name, value)
    query = {"q": "x", name: value} if path == "/api/search" else {name: value}
    target = path.format(ref=seeded.session_slug, agent_id=seeded.agent_id)
    response = httpx.get(seeded.stack.read_url + target, params=query, timeout=10)
    assert response.status_code == 400, response.text
    body = msgspec.json.decode(response.content, type=ErrorBody)
    assert name in body.detail, body.detail
