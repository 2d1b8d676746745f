"""The service around the data: health, UI config, the OpenAPI document, the web UI."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from tests.support.read_service import RunningRead


async def test_health_reports_database_and_feed(http: httpx.AsyncClient, read: RunningRead) -> None:
    body = (await http.get("/api/health")).json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["feed"]["listening"] is True
    assert body["feed"]["token"] == read.state.hub.position.token  # type: ignore[union-attr]


async def test_config_tells_the_ui_where_commands_go(http: httpx.AsyncClient) -> None:
    body = (await http.get("/api/config")).json()
    assert body["orchestrator_url"] == "http://127.0.0.1:8001"
    assert body["version"]


async def test_openapi_documents_every_route(http: httpx.AsyncClient) -> None:
    document = (await http.get("/schema/openapi.json")).json()
    paths = set(document["paths"])
    assert {
        "/api/health",
        "/api/config",
        "/api/projects",
        "/api/projects/{ref}",
        "/api/sessions",
        "/api/sessions/{ref}",
        "/api/sessions/{ref}/events",
        "/api/agents/{agent_id}/events",
        "/api/sessions/{ref}/artifacts",
        "/api/sessions/{ref}/artifacts/{path}",
        "/api/browse",
    } <= paths
    parameters = document["paths"]["/api/sessions/{ref}/events"]["get"]["parameters"]
    assert {p["name"] for p in parameters} >= {"after", "before", "limit", "agent"}


async def test_web_ui_is_served_with_a_single_page_fallback(
    start_read: Callable[..., Awaitable[RunningRead]], tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>pilothouse</html>")
    (dist / "assets" / "app-1234.js").write_text("console.log(1)")
    (tmp_path / "private.txt").write_text("private")
    read = await start_read(webui_dir=dist)
    async with httpx.AsyncClient(base_url=read.url) as http:
        for path in ("/", "/sessions/12", "/projects"):
            response = await http.get(path)
            assert (response.status_code, response.text) == (200, "<html>pilothouse</html>"), path
            assert response.headers["content-type"].startswith("text/html"), path
        asset = await http.get("/assets/app-1234.js")
        assert asset.text == "console.log(1)"
        # Browsers refuse a module script served as application/octet-stream.
        javascript = ("text/javascript", "application/javascript")
        assert asset.headers["content-type"].startswith(javascript)
        assert "immutable" in asset.headers["cache-control"]
        assert (await http.get("/assets/missing.js")).status_code == 404
        assert (await http.get("/%2e%2e/private.txt")).status_code == 404
        api = await http.get("/api/no-such-route")
        assert api.status_code == 404
        assert api.json()["status_code"] == 404
        assert (await http.get("/api/health")).json()["status"] == "ok"


async def test_without_a_ui_build_root_is_not_found(http: httpx.AsyncClient) -> None:
    assert (await http.get("/")).status_code == 404
