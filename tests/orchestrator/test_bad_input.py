"""Guarantee 5: bad input gets a clear 4xx ErrorBody, never a 500, and writes nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from services.orchestrator.commands.refusals import BadRequest
from services.orchestrator.http.bodies import decode
from shared.config.settings import Settings
from shared.contract.wire import UpdateProject
from tests.support.command_refusals import refused as _refused
from tests.support.command_refusals import registered as _registered
from tests.support.databases import TestDatabase
from tests.support.orchestrator import AUTH, Client


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic dGVzdA=="},
        {"Authorization": "Bearer"},
    ],
    ids=["missing", "wrong", "other-scheme", "empty"],
)
async def test_commands_need_the_token(
    client: Client, database: TestDatabase, project_dir: Path, headers: dict[str, str]
) -> None:
    response = await client.post("/api/projects", json={"path": str(project_dir)}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    await _refused(
        client,
        database,
        "POST",
        "/api/sessions",
        401,
        "token",
        json={"project": "demo", "prompt": "x"},
        headers=headers,
    )


async def test_token_is_checked_before_the_body(client: Client, database: TestDatabase) -> None:
    await _refused(client, database, "POST", "/api/projects", 401, "token", json={"path": 5})


async def test_the_token_can_be_checked_without_a_command(
    client: Client, database: TestDatabase
) -> None:
    right = await client.get("/api/token", headers=AUTH)
    assert right.status_code == 200
    assert right.json() == {"valid": True}
    await _refused(
        client, database, "GET", "/api/token", 401, "token", headers={"Authorization": "Bearer x"}
    )


async def test_health_needs_no_token(client: Client) -> None:
    response = await client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["model_mode"] == "scripted"
    assert body["running_agents"] == 0
    assert body["worker_id"] > 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"path": 5}, "path"),
        ({}, "path"),
        ({"path": "/tmp", "colour": "red"}, "colour"),
        ({"path": "/tmp", "slug": "Not A Slug"}, "slug"),
        ({"path": "/tmp", "name": ""}, "name"),
        ({"path": "/tmp", "slug": "123"}, "slug"),
    ],
)
async def test_invalid_project_body_names_the_field(
    client: Client, database: TestDatabase, body: dict[str, Any], field: str
) -> None:
    answer = await _refused(
        client, database, "POST", "/api/projects", 400, field, json=body, headers=AUTH
    )
    assert answer["extra"], answer


async def test_body_that_is_not_json(client: Client, database: TestDatabase) -> None:
    await _refused(
        client,
        database,
        "POST",
        "/api/projects",
        400,
        "",
        content=b"{not json",
        headers={**AUTH, "Content-Type": "application/json"},
    )


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    return outside


@pytest.mark.parametrize(
    "case",
    [
        (lambda ws, tmp: str(_outside(tmp)), "outside the allowed roots"),
        (lambda ws, tmp: f"{ws}/../outside", "outside the allowed roots"),
        (lambda ws, tmp: "relative/dir", "absolute"),
        (lambda ws, tmp: f"{ws}/missing", "does not exist"),
        (lambda ws, tmp: f"{ws}/demo/README.md", "not a directory"),
        (lambda ws, tmp: f"{ws}/escape", "outside the allowed roots"),
        (lambda ws, tmp: f"{ws}/nul\x00byte", "NUL"),
    ],
    ids=["outside", "dotdot", "relative", "missing", "file", "symlink-escape", "nul"],
)
@pytest.mark.usefixtures("project_dir")
async def test_project_path_is_confined(
    client: Client,
    database: TestDatabase,
    workspace: Path,
    tmp_path: Path,
    case: tuple[Any, str],
) -> None:
    make, mentions = case
    os.symlink(_outside(tmp_path), workspace / "escape")
    path = make(workspace, tmp_path)
    body = await _refused(
        client, database, "POST", "/api/projects", 400, mentions, json={"path": path}, headers=AUTH
    )
    assert body["extra"][0]["key"] == "path"


async def test_refusals_say_what_to_do_not_the_schema(
    client: Client, database: TestDatabase, workspace: Path, tmp_path: Path, project_dir: Path
) -> None:
    def said(body: dict[str, Any]) -> str:
        detail: str = body["detail"]
        assert "regex" not in detail
        assert "Expected" not in detail
        return detail

    bad_slug = await _refused(
        client,
        database,
        "POST",
        "/api/projects",
        400,
        "slug",
        json={"path": str(project_dir), "slug": "My Project!"},
        headers=AUTH,
    )
    assert said(bad_slug) == (
        "invalid slug: use lowercase letters, digits and dashes, starting with a letter"
        " or digit, not all digits (like my-project)"
    )
    await _registered(client, project_dir)
    empty = await _refused(
        client,
        database,
        "POST",
        "/api/sessions",
        400,
        "prompt",
        json={"project": "demo", "prompt": ""},
        headers=AUTH,
    )
    assert said(empty) == "invalid prompt: must not be empty"
    # Outside the roots: which roots, and the setting that names them.
    outside = await _refused(
        client,
        database,
        "POST",
        "/api/projects",
        400,
        "outside the allowed roots",
        json={"path": str(_outside(tmp_path))},
        headers=AUTH,
    )
    assert f"projects must lie under {workspace}" in outside["detail"]
    assert "PILOTHOUSE_ROOTS" in outside["detail"]


async def test_unknown_project_or_session_is_404(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    await _registered(client, project_dir)
    cases = [
        ("PATCH", "/api/projects/nope", {"name": "x"}),
        ("POST", "/api/projects/999/archive", None),
        ("POST", "/api/sessions", {"project": "nope", "prompt": "hi"}),
        ("POST", "/api/sessions/999/cancel", None),
        ("POST", "/api/sessions/no-such-session/resume", None),
        ("POST", "/api/sessions/999/retry", {"phase": "plan"}),
        ("POST", "/api/sessions/999/debug", {"prompt": "why?"}),
    ]
    for method, path, body in cases:
        await _refused(client, database, method, path, 404, "no ", json=body, headers=AUTH)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"project": "demo"}, "prompt"),
        ({"project": "demo", "prompt": ""}, "prompt"),
        ({"project": "demo", "prompt": "x", "phases": ["deploy"]}, "phases"),
        ({"project": "demo", "prompt": "x", "phases": ["debug"]}, "phases"),
        ({"project": "demo", "prompt": " \n\u3000"}, "prompt"),
        ({"project": "demo", "prompt": "x", "phases": []}, "phases"),
        ({"project": "demo", "prompt": "x", "phases": ["spec", "spec"]}, "phases"),
        ({"project": "demo", "prompt": "x", "title": 7}, "title"),
    ],
)
async def test_invalid_session_body_names_the_field(
    client: Client, database: TestDatabase, project_dir: Path, body: dict[str, Any], field: str
) -> None:
    await _registered(client, project_dir)
    await _refused(client, database, "POST", "/api/sessions", 400, field, json=body, headers=AUTH)


@pytest.mark.parametrize("factor", [1, 10], ids=["just-over", "far-over"])
async def test_oversized_prompt_is_413(
    client: Client,
    database: TestDatabase,
    project_dir: Path,
    settings_no_agents: Settings,
    factor: int,
) -> None:
    await _registered(client, project_dir)
    small = {"project": "demo", "prompt": "x", "phases": ["spec"]}
    session = (await client.post("/api/sessions", json=small, headers=AUTH)).json()["id"]
    # Two-byte characters: under the limit in characters, over it in bytes.
    prompt = "é" * (settings_no_agents.max_prompt_bytes // 2 + 1) * factor
    mentions = "prompt" if factor == 1 else ""
    for path, body in (
        ("/api/sessions", {"project": "demo", "prompt": prompt}),
        (f"/api/sessions/{session}/debug", {"prompt": prompt}),
    ):
        await _refused(client, database, "POST", path, 413, mentions, json=body, headers=AUTH)


async def test_invalid_phase_to_retry_names_it(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    await _registered(client, project_dir)
    started = await client.post(
        "/api/sessions", json={"project": "demo", "prompt": "x", "phases": ["spec"]}, headers=AUTH
    )
    assert started.status_code == 202
    session = started.json()["id"]
    await _refused(
        client,
        database,
        "POST",
        f"/api/sessions/{session}/retry",
        400,
        "phase",
        json={"phase": "sideways"},
        headers=AUTH,
    )


def test_an_integer_written_with_a_zero_fraction_is_an_integer() -> None:
    """JSON Schema's `integer` takes `2.0` (the fuzzer sent it): so does the decoder; a
    fraction, or a string of digits, is still refused."""
    assert decode(b'{"fix_rounds": 2.0}', UpdateProject).fix_rounds == 2
    for body in (b'{"fix_rounds": 2.5}', b'{"fix_rounds": "2"}', b'{"fix_rounds": -1.0}'):
        with pytest.raises(BadRequest, match="fix_rounds"):
            decode(body, UpdateProject)


def test_json_nested_deeper_than_the_decoder_recurses_is_a_400() -> None:
    """No command body reaches the recursion limit today (their types stop the decoder at
    the first wrong bracket: tests/fuzz/test_hostile_input.py), but a body type that
    takes any JSON would; the one decoder refuses it too."""
    with pytest.raises(BadRequest, match="nested too deeply"):
        decode(b"[" * 100_000 + b"]" * 100_000, list[Any])
    with pytest.raises(BadRequest, match=r"not UTF-8 \(0xff in a string\)"):
        decode(b'["\xff\xfe"]', list[Any])
