"""Bad input gets a clear ErrorBody: 404 for unknown ids, 400 naming the bad parameter,
405 for anything but GET; never a 500."""

from __future__ import annotations

import httpx
import msgspec

from shared.contract.wire import ErrorBody
from tests.support import writers
from tests.support.read_service import Conn


def _error(response: httpx.Response, status: int) -> ErrorBody:
    assert response.status_code == status, (response.request.url, response.text)
    body = msgspec.json.decode(response.content, type=ErrorBody)
    assert body.status_code == status
    assert body.detail
    return body


UNKNOWN = [
    "/api/projects/999999",
    "/api/projects/no-such-project",
    "/api/sessions/999999",
    "/api/sessions/no-such-session",
    "/api/sessions/999999/events",
    "/api/agents/999999/events",
    "/api/sessions/999999/artifacts",
    "/api/sessions/no-such-session/artifacts/spec.md",
    "/api/sessions?project=no-such-project",
    "/api/no-such-route",
]


async def test_unknown_ids_get_404(http: httpx.AsyncClient) -> None:
    for path in UNKNOWN:
        _error(await http.get(path), 404)


BAD_PARAMETERS = [
    ("/api/sessions?limit=0", "limit"),
    ("/api/sessions?limit=500", "limit"),
    ("/api/sessions?limit=many", "limit"),
    ("/api/sessions?cursor=not-a-cursor", "cursor"),
    ("/api/sessions?status=sleeping", "status"),
    ("/api/sessions?status=,", "status"),
    ("/api/sessions?status=running,", "status"),
    ("/api/sessions?cursor=", "cursor"),
    ("/api/sessions?cursor=1-", "cursor"),
    ("/api/projects?archived=perhaps", "archived"),
    ("/api/sessions/{s}/events?after=yesterday", "after"),
    ("/api/sessions/{s}/events?before=1-2-3", "before"),
    ("/api/sessions/{s}/events?limit=100000", "limit"),
    ("/api/sessions/{s}/events?agent=spec", "agent"),
    ("/api/sessions/{s}/events?after=" + "9" * 80, "after"),
    ("/api/agents/{a}/events?after=x", "after"),
]


async def test_bad_parameters_get_400_naming_them(http: httpx.AsyncClient, writer: Conn) -> None:
    session, agent = await writers.new_session(writer)
    for template, name in BAD_PARAMETERS:
        path = template.format(s=session.id, a=agent.id)
        body = _error(await http.get(path), 400)
        assert name in body.detail, (path, body.detail)


async def test_only_get_is_served(http: httpx.AsyncClient) -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        _error(await http.request(method, "/api/projects"), 405)
