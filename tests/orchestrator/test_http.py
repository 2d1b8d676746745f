"""HTTP surface: browsers may send commands from the UI's origin only; the API documents itself."""

from __future__ import annotations

import pytest

from tests.support.orchestrator import Client


@pytest.mark.parametrize("origin", ["http://127.0.0.1:8000", "http://localhost:8000"])
async def test_the_ui_origin_may_send_commands(client: Client, origin: str) -> None:
    response = await client.options(
        "/api/sessions",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code in (200, 204)
    assert response.headers["access-control-allow-origin"] == origin
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


async def test_other_origins_are_not_allowed(client: Client) -> None:
    response = await client.options(
        "/api/sessions",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.headers.get("access-control-allow-origin") != "http://evil.example"


async def test_openapi_document_lists_the_commands(client: Client) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/projects", "/api/sessions", "/api/sessions/{ref}/resume", "/api/health"} <= set(
        paths
    )
