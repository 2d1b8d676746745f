"""REST reads of projects and sessions: lists, filters, keyset pages, one by ref."""

from __future__ import annotations

import httpx
import msgspec

from shared.contract.cursor import Cursor
from shared.contract.enums import AgentKind, SessionStatus
from shared.contract.wire import Page, ProjectView, SessionDetail, SessionView
from tests.support import writers
from tests.support.read_service import Conn


def _page(response: httpx.Response, item: type[msgspec.Struct]) -> Page[object]:
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=Page[item])  # type: ignore[valid-type]


async def test_projects_list_and_one_by_id_or_slug(http: httpx.AsyncClient, writer: Conn) -> None:
    alpha = await writers.create_project(writer, slug="alpha")
    beta = await writers.create_project(writer, slug="beta")
    await writer.execute("UPDATE projects SET archived_at = now() WHERE id = %s", (beta.id,))

    listed = _page(await http.get("/api/projects"), ProjectView)
    assert [p.slug for p in listed.items] == ["alpha"]  # type: ignore[attr-defined]
    assert listed.next is None
    everything = _page(await http.get("/api/projects", params={"archived": "true"}), ProjectView)
    assert [p.slug for p in everything.items] == ["alpha", "beta"]  # type: ignore[attr-defined]

    for ref in (str(alpha.id), "alpha"):
        response = await http.get(f"/api/projects/{ref}")
        assert response.status_code == 200
        assert msgspec.json.decode(response.content, type=ProjectView) == alpha


async def test_sessions_newest_first_in_keyset_pages(http: httpx.AsyncClient, writer: Conn) -> None:
    project = await writers.create_project(writer)
    other = await writers.create_project(writer)
    mine = [await writers.create_session(writer, project) for _ in range(7)]
    await writers.create_session(writer, other)

    seen: list[int] = []
    cursor: str | None = None
    pages = 0
    while True:
        params = {"project": project.slug, "limit": "3"} | ({"cursor": cursor} if cursor else {})
        page = _page(await http.get("/api/sessions", params=params), SessionView)
        seen.extend(s.id for s in page.items)  # type: ignore[attr-defined]
        pages += 1
        cursor = page.next
        if cursor is None:
            break
    assert pages == 3
    assert seen == [s.id for s in reversed(mine)]


async def test_sessions_filter_by_status(http: httpx.AsyncClient, writer: Conn) -> None:
    project = await writers.create_project(writer)
    queued = await writers.create_session(writer, project)
    running = await writers.create_session(writer, project)
    failed = await writers.create_session(writer, project)
    await writers.set_session_status(writer, running, SessionStatus.RUNNING)
    await writers.set_session_status(writer, failed, SessionStatus.FAILED)

    page = _page(await http.get("/api/sessions", params={"status": "running,failed"}), SessionView)
    assert {s.id for s in page.items} == {running.id, failed.id}  # type: ignore[attr-defined]
    page = _page(await http.get("/api/sessions", params={"status": "queued"}), SessionView)
    assert [s.id for s in page.items] == [queued.id]  # type: ignore[attr-defined]


async def test_sessions_filter_needs_you(http: httpx.AsyncClient, writer: Conn) -> None:
    project = await writers.create_project(writer)
    waiting = await writers.create_session(writer, project)
    await writers.create_session(writer, project)
    await writer.execute("UPDATE sessions SET pending_requests = 1 WHERE id = %s", (waiting.id,))

    page = _page(await http.get("/api/sessions", params={"needs_you": "true"}), SessionView)
    assert [s.id for s in page.items] == [waiting.id]  # type: ignore[attr-defined]
    assert page.items[0].pending_requests == 1  # type: ignore[attr-defined]


async def test_session_detail_has_project_agents_and_token(
    http: httpx.AsyncClient, writer: Conn
) -> None:
    project = await writers.create_project(writer)
    session = await writers.create_session(writer, project)
    spec = await writers.create_agent(writer, session, AgentKind.SPEC)
    plan = await writers.create_agent(writer, session, AgentKind.PLAN)

    for ref in (str(session.id), session.slug):
        response = await http.get(f"/api/sessions/{ref}")
        assert response.status_code == 200, response.text
        detail = msgspec.json.decode(response.content, type=SessionDetail)
        assert detail.session == session
        assert detail.project == project
        assert [a.id for a in detail.agents] == [spec.id, plan.id]
    # Every change already shown lies at or before the token: resuming after it repeats
    # nothing that is older than the snapshot and misses nothing newer.
    token = Cursor.parse(detail.token)
    written = await writers.positions(writer, "session_id = %s", (session.id,))
    assert all(Cursor.parse(t) <= token for t in written)
    assert token == Cursor.parse(written[-1])
