"""Hostile input that once reached a 500, sent from outside with a plain HTTP client.

Three classes, each against both real services: bytes that are not UTF-8, JSON nested a
thousand levels deep (a recursion error in the decoder), and a path with a component
longer than the filesystem allows (or too long as a whole). Each must be a 400 with an
ErrorBody saying what is wrong, and the orchestrator must write nothing. The read service
takes no bodies: its hostile JSON arrives as WebSocket frames, and its paths as the
browse and artifact parameters. The fixture checks both services' logs hold no error.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import quote

import httpx
import msgspec
import pytest
from websockets.sync.client import connect

from shared.contract.frames import Error, Pong, ServerFrame
from shared.contract.wire import ErrorBody
from tests.support.db_reads import snapshot
from tests.support.fuzz_seed import Seeded

DEEP = b"[" * 1000 + b"]" * 1000
DEEP_OBJECT = b'{"a":' * 1000 + b"1" + b"}" * 1000
LONG_NAME = "a" * 256
"""One byte over NAME_MAX."""
LONG_PATH = "/".join(["\u00e9" * 100] * 21)
"""Every component allowed (200 bytes), the whole over PATH_MAX in bytes though not in
characters (the bodies' and parameters' limit)."""

BODIES: list[tuple[str, str, bytes, str]] = [
    ("POST", "/api/projects", b'{"path": "/tmp/\xff"}', "not UTF-8"),
    ("POST", "/api/projects", b'{"path": "/tmp", "name": "\xc3\x28"}', "not UTF-8"),
    ("POST", "/api/sessions", b'{"project": "demo", "prompt": "\xff"}', "not UTF-8"),
    ("PATCH", "/api/projects/demo", b'{"name": "\xfe\xff"}', "not UTF-8"),
    ("POST", "/api/sessions/{session}/debug", b'{"prompt": "\x80"}', "not UTF-8"),
    ("POST", "/api/sessions/{session}/approve", b'{"strategy": "\xff"}', "not UTF-8"),
    ("POST", "/api/worktrees/prune", b'{"dry_run": true, "\xff": 1}', "not UTF-8"),
    ("POST", "/api/projects", DEEP, "Expected `object`, got `array`"),
    ("POST", "/api/projects", DEEP_OBJECT, "invalid a: unknown field"),
    ("POST", "/api/projects", b'{"path": ' + DEEP + b"}", "invalid path: Expected `str`"),
    ("POST", "/api/projects", b'{"colour": ' + DEEP + b', "path": "/"}', "invalid colour"),
    (
        "POST",
        "/api/sessions",
        b'{"project": "demo", "prompt": "x", "phases": ' + DEEP + b"}",
        "invalid phases[0]",
    ),
    ("PATCH", "/api/projects/demo", DEEP, "Expected `object`"),
    ("POST", "/api/sessions/{session}/retry", DEEP, "Expected `object`"),
    ("POST", "/api/sessions/{session}/approve", DEEP, "Expected `object`"),
    ("POST", "/api/worktrees/prune", DEEP_OBJECT, "invalid a: unknown field"),
]


@pytest.mark.parametrize(
    "case", BODIES, ids=[f"{method} {path} {i}" for i, (method, path, _, _) in enumerate(BODIES)]
)
def test_hostile_bodies_are_a_400_that_writes_nothing(
    seeded: Seeded, case: tuple[str, str, bytes, str]
) -> None:
    method, path, body, mentions = case
    stack = seeded.stack
    before = asyncio.run(snapshot(stack.database_url))
    response = httpx.request(
        method,
        stack.orchestrator_url + path.format(session=seeded.session_slug),
        content=body,
        headers={
            "Authorization": f"Bearer {stack.access_token}",
            "Content-Type": "application/json",
        },
        timeout=30,
    )
    assert response.status_code == 400, response.text
    error = msgspec.json.decode(response.content, type=ErrorBody)
    assert mentions in error.detail, error.detail
    assert asyncio.run(snapshot(stack.database_url)) == before


IMPOSSIBLE = pytest.mark.parametrize(
    ("below", "mentions"),
    [
        (LONG_NAME, "component is too long"),
        (f"demo/{LONG_NAME}/inside", "component is too long"),
        (LONG_PATH, "path is too long"),
    ],
    ids=["component", "component-inside", "whole"],
)
"""Paths below a directory that no system call takes, and what the 400 says."""


@IMPOSSIBLE
def test_impossible_project_paths_are_a_400(seeded: Seeded, below: str, mentions: str) -> None:
    stack = seeded.stack
    before = asyncio.run(snapshot(stack.database_url))
    status, answer = stack.command("/api/projects", {"path": f"{stack.projects_root}/{below}"})
    assert status == 400, answer
    assert answer["detail"].startswith("invalid path: "), answer
    assert mentions in answer["detail"], answer
    status, answer = stack.command(
        "/api/projects", {"path": str(stack.projects_root), "setup_files": [below]}
    )
    assert status == 400, answer
    # A setup file's name longer than 1024 characters is refused by its type first.
    field = "setup_files" if len(below) <= 1024 else "setup_files[0]"
    assert answer["detail"].startswith(f"invalid {field}: "), answer
    assert asyncio.run(snapshot(stack.database_url)) == before


def _bad_path_parameter(response: httpx.Response, mentions: str) -> None:
    assert response.status_code == 400, response.text[:500]
    error = msgspec.json.decode(response.content, type=ErrorBody)
    assert error.detail.startswith("bad parameter 'path': "), error.detail
    assert mentions in error.detail, error.detail


@IMPOSSIBLE
def test_impossible_artifact_paths_are_a_400(seeded: Seeded, below: str, mentions: str) -> None:
    url = f"{seeded.stack.read_url}/api/sessions/{seeded.session_slug}/artifacts/context/{below}"
    _bad_path_parameter(httpx.get(url, timeout=30), mentions)


@IMPOSSIBLE
def test_impossible_browse_paths_are_a_400(seeded: Seeded, below: str, mentions: str) -> None:
    path = quote(f"{seeded.stack.projects_root}/{below}")
    _bad_path_parameter(httpx.get(f"{seeded.stack.read_url}/api/browse?path={path}"), mentions)


@pytest.mark.parametrize(
    "frame",
    [
        DEEP,
        b'{"a":' * 600 + b"1" + b"}" * 600,  # under the frame limit of 4096 bytes
        json.dumps({"type": "subscribe", "topic": "projects"}).encode()[:-1]
        + b', "after": '
        + DEEP
        + b"}",
        b'{"type": "subscribe", "topic": "\xff"}',
        b'{"type": "ping", "\xc3\x28": 1}',
    ],
    ids=["deep-array", "deep-object", "deep-field", "not-utf8-value", "not-utf8-key"],
)
def test_hostile_frames_are_refused_and_the_feed_goes_on(seeded: Seeded, frame: bytes) -> None:
    decoder = msgspec.json.Decoder(ServerFrame)
    with connect(seeded.stack.read_url.replace("http://", "ws://") + "/ws") as socket:
        socket.send(frame)
        answer = decoder.decode(socket.recv(timeout=10))
        assert isinstance(answer, Error), answer
        assert answer.code == "bad_frame", answer
        socket.send(json.dumps({"type": "ping"}))
        assert isinstance(decoder.decode(socket.recv(timeout=10)), Pong)
