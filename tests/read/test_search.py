"""`GET /api/search`: full-text search over every session's log, with filters, snippets
and keyset pages, and a clear 400/404 for a request that cannot be answered."""

from __future__ import annotations

import httpx
import msgspec

from shared.contract.enums import AgentKind, CommitKind, EventKind
from shared.contract.payloads import (
    CommitPayload,
    ErrorPayload,
    TextPayload,
    ToolResultPayload,
    ToolUsePayload,
)
from shared.contract.search import SearchPage
from shared.contract.wire import ErrorBody
from tests.support import writers
from tests.support.read_service import Conn


def _page(response: httpx.Response) -> SearchPage:
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=SearchPage)


def _error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    return msgspec.json.decode(response.content, type=ErrorBody).detail


async def _journal(writer: Conn) -> dict[str, object]:
    """Two projects; a session whose spec and build agents talk about migrations."""
    session, spec = await writers.new_session(writer)
    build = await writers.create_agent(writer, session, AgentKind.BUILD)
    other, other_agent = await writers.new_session(writer)
    log = writers.log_event
    said = await log(writer, session, spec, EventKind.TEXT, TextPayload(text="We need a migration"))
    await log(writer, session, spec, EventKind.THINKING, TextPayload(text="unrelated musing"))
    call = await log(
        writer,
        session,
        build,
        EventKind.TOOL_USE,
        ToolUsePayload(
            tool_use_id="t1", name="Bash", input={"command": "alembic upgrade head # migrations"}
        ),
    )
    result = await log(
        writer,
        session,
        build,
        EventKind.TOOL_RESULT,
        ToolResultPayload(tool_use_id="t1", content="Running migration 0009", is_error=True),
    )
    await log(
        writer,
        session,
        None,
        EventKind.COMMIT,
        CommitPayload(
            sha="a" * 40,
            parent="b" * 40,
            kind=CommitKind.AGENT,
            message="Add the migration",
            files=1,
            insertions=1,
            deletions=0,
        ),
    )
    elsewhere = await log(
        writer, other, other_agent, EventKind.ERROR, ErrorPayload(message="migration failed")
    )
    return {
        "session": session,
        "other": other,
        "build": build,
        "said": said,
        "call": call,
        "result": result,
        "elsewhere": elsewhere,
    }


async def _positions(writer: Conn, *ids: object) -> list[int]:
    cursor = await writer.execute(
        "SELECT position FROM events WHERE id = ANY(%s) ORDER BY position DESC", (list(ids),)
    )
    return [row[0] for row in await cursor.fetchall()]


def _hits(page: SearchPage) -> list[int]:
    return [hit.position for group in page.groups for hit in group.hits]


async def test_search_finds_every_kind_of_text_grouped_by_session_and_phase(
    http: httpx.AsyncClient, writer: Conn
) -> None:
    made = await _journal(writer)
    session = made["session"]
    unfenced = made["other"].id  # type: ignore[attr-defined]
    await writer.execute("UPDATE sessions SET unfenced = true WHERE id = %s", (unfenced,))
    page = _page(await http.get("/api/search", params={"q": "migrations"}))
    # Stemmed: "migrations" finds "migration"; the thinking line does not match.
    assert len(_hits(page)) == 5
    assert _hits(page) == sorted(_hits(page), reverse=True)
    keys = [(group.session_slug, group.phase) for group in page.groups]
    assert keys == [
        (made["other"].slug, AgentKind.SPEC),  # type: ignore[attr-defined]
        (session.slug, None),  # type: ignore[attr-defined]
        (session.slug, AgentKind.BUILD),  # type: ignore[attr-defined]
        (session.slug, AgentKind.SPEC),  # type: ignore[attr-defined]
    ]
    build_group = page.groups[2]
    call, result = build_group.hits[1], build_group.hits[0]
    assert (call.kind, call.tool, call.agent_id) == (
        EventKind.TOOL_USE,
        "Bash",
        made["build"].id,  # type: ignore[attr-defined]
    )
    assert result.is_error
    assert result.kind is EventKind.TOOL_RESULT
    matched = [part.text for part in result.snippet if part.match]
    assert matched == ["migration"]
    assert "".join(part.text for part in result.snippet) == "Running migration 0009"
    assert build_group.project_slug
    assert build_group.session_title == "Work"
    # Hits say whether their session ran unfenced, as the session does.
    assert [group.session_unfenced for group in page.groups] == [True, False, False, False]


async def test_filters_narrow_the_search(http: httpx.AsyncClient, writer: Conn) -> None:
    made = await _journal(writer)
    session = made["session"]
    slug = session.slug  # type: ignore[attr-defined]

    async def hits(**params: str) -> list[int]:
        return _hits(_page(await http.get("/api/search", params={"q": "migration", **params})))

    in_session = await hits(session=slug)
    assert len(in_session) == 4
    assert (await _positions(writer, made["elsewhere"]))[0] not in in_session
    assert await hits(session=str(session.id)) == in_session  # type: ignore[attr-defined]
    project = await hits(project=str(session.project_id))  # type: ignore[attr-defined]
    assert project == in_session
    assert await hits(kind="tool_use,tool_result") == await _positions(
        writer, made["call"], made["result"]
    )
    assert await hits(tool="Bash") == await _positions(writer, made["call"], made["result"])
    assert await hits(tool="Edit") == []
    assert await hits(errors="true") == await _positions(writer, made["result"], made["elsewhere"])
    assert await hits(since="2000-01-01T00:00:00Z", until="2001-01-01T00:00:00Z") == []
    assert len(await hits(since="2000-01-01T00:00:00Z")) == 5
    assert len(await hits(q='"add the migration"')) == 1


async def test_pages_walk_every_hit_once(http: httpx.AsyncClient, writer: Conn) -> None:
    session, agent = await writers.new_session(writer)
    async with writer.transaction():
        await writers.log_many(writer, session, agent, [f"needle {n}" for n in range(25)])
    seen: list[int] = []
    params = {"q": "needle", "limit": "10"}
    page = _page(await http.get("/api/search", params=params))
    seen += _hits(page)
    while page.next is not None:
        page = _page(await http.get("/api/search", params={**params, "cursor": page.next}))
        seen += _hits(page)
    assert len(seen) == 25
    assert seen == sorted(set(seen), reverse=True)


async def test_bad_requests_say_what_is_wrong(http: httpx.AsyncClient, writer: Conn) -> None:
    await _journal(writer)
    cases = {
        (): "q",
        (("q", ""),): "q",
        (("q", "the"),): "no words to search for",
        (("q", "migration"), ("kind", "phase")): "unknown kind phase",
        (("q", "migration"), ("kind", "")): "kind",
        (("q", "migration"), ("tool", "rm -rf")): "not a tool name",
        (("q", "migration"), ("cursor", "abc")): "cursor",
        (("q", "migration"), ("since", "yesterday")): "since",
        # A number is not a time (lenient conversion once read it as a Unix time).
        (("q", "migration"), ("until", "0")): "until",
        (("q", "migration"), ("since", "2026-13-45")): "is not a date or time",
        (("q", "migration"), ("limit", "0")): "limit",
        (
            ("q", "migration"),
            ("since", "2026-01-02T00:00:00Z"),
            ("until", "2026-01-01T00:00:00Z"),
        ): "until must be later",
        (("q", "x" * 501),): "q",
        (("q", "a\x00b"),): "NUL",
    }
    for params, says in cases.items():
        detail = _error(await http.get("/api/search", params=dict(params)), 400)
        assert says in detail, (params, detail)
    for name in ("project", "session"):
        detail = _error(await http.get("/api/search", params={"q": "migration", name: "nope"}), 404)
        assert f"unknown {name} 'nope'" in detail
