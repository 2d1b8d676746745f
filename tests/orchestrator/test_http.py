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


UI_ORIGINS = ["http://127.0.0.1:8000", "http://localhost:8000"]
"""The read service's address (which serves the UI) under both loopback names: the only
pages that may send commands with the default settings."""


def test_commands_are_open_to_exactly_the_ui_origins(client: Client) -> None:
    assert client.app.cors_config is not None
    assert sorted(client.app.cors_config.allow_origins) == UI_ORIGINS


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:8001", "null"])
async def test_other_origins_are_not_allowed(client: Client, origin: str) -> None:
    preflight = await client.options(
        "/api/sessions",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code >= 400
    answer = await client.get("/api/health", headers={"Origin": origin})
    assert "access-control-allow-origin" not in answer.headers


async def test_openapi_document_lists_the_commands(client: Client) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/projects", "/api/sessions", "/api/sessions/{ref}/resume", "/api/health"} <= set(
        paths
    )
