"""REST event pages: feed order, keyset by token in both directions, per agent, and the
same xmin rule as the feed (a page never shows an order that could still change)."""

from __future__ import annotations

import httpx
import msgspec
import psycopg

from shared.contract.cursor import ORIGIN
from shared.contract.enums import EventKind
from shared.contract.events import EventView
from shared.contract.payloads import TextPayload, ToolResultPayload, ToolUsePayload
from shared.contract.wire import Page
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.read_service import Conn


def _page(response: httpx.Response) -> Page[EventView]:
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=Page[EventView])


async def test_pages_after_and_before_walk_the_whole_session(
    http: httpx.AsyncClient, writer: Conn
) -> None:
    session, agent = await writers.new_session(writer)
    async with writer.transaction():
        await writers.log_many(writer, session, agent, [f"line {n}" for n in range(23)])
    truth = await writers.positions(writer, "session_id = %s", (session.id,))
    url = f"/api/sessions/{session.slug}/events"

    forward: list[str] = []
    page = _page(await http.get(url, params={"limit": "10"}))
    forward.extend(e.token for e in page.items)
    while page.next is not None:
        page = _page(await http.get(url, params={"limit": "10", "after": page.next}))
        forward.extend(e.token for e in page.items)
    assert forward == truth
    assert page.token == truth[-1]

    backward: list[str] = []
    page = _page(await http.get(url, params={"limit": "10", "before": "99999999999"}))
    while True:
        backward = [e.token for e in page.items] + backward
        if page.next is None:
            break
        page = _page(await http.get(url, params={"limit": "10", "before": page.next}))
    assert backward == truth

    empty = _page(await http.get(url, params={"after": truth[-1]}))
    assert (empty.items, empty.next, empty.token) == ([], None, truth[-1])


async def test_after_and_before_together_page_through_what_lies_between(
    http: httpx.AsyncClient, writer: Conn
) -> None:
    """Both tokens: the events after `after` up to and including `before`'s, oldest first,
    `next` null once a page reaches `before`."""
    session, agent = await writers.new_session(writer)
    async with writer.transaction():
        await writers.log_many(writer, session, agent, [f"line {n}" for n in range(23)])
    truth = await writers.positions(writer, "session_id = %s", (session.id,))
    url = f"/api/sessions/{session.slug}/events"
    between: list[str] = []
    bounds = {"limit": "4", "before": truth[16]}
    page = _page(await http.get(url, params={**bounds, "after": truth[2]}))
    between.extend(e.token for e in page.items)
    while page.next is not None:
        page = _page(await http.get(url, params={**bounds, "after": page.next}))
        between.extend(e.token for e in page.items)
    assert between == truth[3:17]
    exact = _page(await http.get(url, params={"limit": "3", "after": truth[2], "before": truth[5]}))
    assert ([e.token for e in exact.items], exact.next) == (truth[3:6], None)
    empty = _page(await http.get(url, params={"after": truth[5], "before": truth[2]}))
    assert (empty.items, empty.next) == ([], None)


async def test_agent_pages_hold_only_that_agents_events(
    http: httpx.AsyncClient, writer: Conn
) -> None:
    project = await writers.create_project(writer)
    session = await writers.create_session(writer, project)
    spec = await writers.create_agent(writer, session)
    plan = await writers.create_agent(writer, session)
    for agent in (spec, plan, spec):
        await writers.log_text(writer, session, agent, f"by {agent.id}")
    truth = await writers.positions(writer, "agent_id = %s", (plan.id,))

    by_agent = _page(await http.get(f"/api/agents/{plan.id}/events"))
    assert [e.token for e in by_agent.items] == truth
    filtered = _page(
        await http.get(f"/api/sessions/{session.id}/events", params={"agent": str(plan.id)})
    )
    assert [e.token for e in filtered.items] == truth


async def test_a_page_shows_a_writers_rows_only_once_it_has_committed(
    database: TestDatabase, http: httpx.AsyncClient, writer: Conn
) -> None:
    session, agent = await writers.new_session(writer)
    url = f"/api/sessions/{session.id}/events"
    before = _page(await http.get(url))

    async with await psycopg.AsyncConnection.connect(database.url) as open_writer:
        await writers.log_text(open_writer, session, agent, "positions taken, not committed")
        meanwhile = _page(await http.get(url))
        assert [e.token for e in meanwhile.items] == [e.token for e in before.items]
        assert meanwhile.token == before.token
        await open_writer.commit()

    after = _page(await http.get(url))
    assert [e.payload for e in after.items[len(before.items) :]] == [
        TextPayload(text="positions taken, not committed")
    ]
    assert [e.token for e in after.items] == await writers.positions(
        writer, "session_id = %s", (session.id,)
    )


async def test_session_without_events_gives_an_empty_page_at_the_origin(
    http: httpx.AsyncClient, writer: Conn
) -> None:
    project = await writers.create_project(writer)
    session = await writers.create_session(writer, project)
    await writer.execute("DELETE FROM events WHERE session_id = %s", (session.id,))
    page = _page(await http.get(f"/api/sessions/{session.id}/events"))
    assert (page.items, page.next, page.token) == ([], None, ORIGIN.token)


async def test_filtered_pages_find_the_next_and_previous_match_anywhere(
    http: httpx.AsyncClient, writer: Conn
) -> None:
    session, agent = await writers.new_session(writer)
    async with writer.transaction():
        await writers.log_many(writer, session, agent, [f"line {n}" for n in range(300)])
    needles = []
    for n in range(3):
        needles.append(
            await writers.log_event(
                writer, session, agent, EventKind.TEXT, TextPayload(text=f"the needle {n}")
            )
        )
        async with writer.transaction():
            await writers.log_many(writer, session, agent, [f"more {n}"] * 100)
    await writers.log_event(
        writer,
        session,
        agent,
        EventKind.TOOL_USE,
        ToolUsePayload(tool_use_id="t1", name="Bash", input={"command": "ls"}),
    )
    await writers.log_event(
        writer,
        session,
        agent,
        EventKind.TOOL_RESULT,
        ToolResultPayload(tool_use_id="t1", content="boom", is_error=True),
    )
    truth = await writers.positions(writer, "id = ANY(%s)", (needles,))
    url = f"/api/sessions/{session.slug}/events"

    found = _page(await http.get(url, params={"q": "needle"}))
    assert [e.token for e in found.items] == truth
    following = _page(await http.get(url, params={"q": "needle", "after": truth[0], "limit": "1"}))
    assert [e.token for e in following.items] == [truth[1]]
    latest = _page(await http.get(url, params={"q": "needle", "before": "99999999", "limit": "1"}))
    assert [e.token for e in latest.items] == [truth[2]]
    previous = _page(
        await http.get(url, params={"q": "needle", "before": str(int(truth[2]) - 1), "limit": "1"})
    )
    assert [e.token for e in previous.items] == [truth[1]]

    tools = _page(await http.get(url, params={"tool": "Bash"}))
    assert [e.kind for e in tools.items] == [EventKind.TOOL_USE, EventKind.TOOL_RESULT]
    errors = _page(await http.get(url, params={"errors": "true"}))
    assert [e.kind for e in errors.items] == [EventKind.TOOL_RESULT]
    kinds = _page(await http.get(url, params={"kind": "tool_use", "q": "ls"}))
    assert [e.kind for e in kinds.items] == [EventKind.TOOL_USE]
    assert _page(await http.get(url, params={"kind": "error"})).items == []

    for params, says in (
        ({"kind": "nope"}, "unknown kind nope"),
        ({"tool": "a b"}, "not a tool name"),
        ({"q": "the"}, "no words to search for"),
        ({"q": " "}, "q is empty"),
    ):
        response = await http.get(url, params=params)
        assert response.status_code == 400, response.text
        assert says in response.json()["detail"]
