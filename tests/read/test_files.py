"""Artifacts and directory browsing: served read-only, confined, and escapes get 403/404
without a byte of the file they aim at."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import msgspec
import pytest

from shared.config.settings import Settings
from shared.contract.read_views import ArtifactEntry, BrowseListing
from tests.support import writers
from tests.support.read_service import Conn, RunningRead

SECRET = "top secret outside the artifacts"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A directory with a secret, outside every directory the service may serve."""
    directory = tmp_path / "outside"
    directory.mkdir()
    (directory / "secret.txt").write_text(SECRET)
    return directory


async def raw_get(base_url: str, target: str) -> tuple[int, str]:
    """GET `target` exactly as written: HTTP clients would normalise `..` away first."""
    url = httpx.URL(base_url)
    reader, writer = await asyncio.open_connection(url.host, url.port)
    request = f"GET {target} HTTP/1.1\r\nHost: {url.netloc.decode()}\r\nConnection: close\r\n\r\n"
    writer.write(request.encode())
    answer = (await reader.read()).decode(errors="replace")
    writer.close()
    await writer.wait_closed()
    head, _, body = answer.partition("\r\n\r\n")
    return int(head.split()[1]), body


def _artifacts(root: Path, outside: Path) -> Path:
    directory = root / "artifacts"
    for name, text in {
        "spec.md": "# Spec",
        "plan.json": '{"steps": []}',
        "state.json": "{}",
        "context/notes.md": "notes",
        "research/deep/page.html": "<script>alert(1)</script>",
        "debug/run.log": "log",
        "unlisted.txt": "unlisted contents",
    }.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    os.symlink(outside / "secret.txt", directory / "context" / "escape.md")
    os.symlink(outside, directory / "research" / "elsewhere")
    os.symlink(directory / "spec.md", directory / "context" / "spec-link.md")
    return directory


async def test_artifacts_are_listed_and_served_read_only(
    http: httpx.AsyncClient, writer: Conn, tmp_path: Path, outside: Path
) -> None:
    directory = _artifacts(tmp_path, outside)
    project = await writers.create_project(writer)
    session = await writers.create_session(writer, project, artifact_dir=str(directory))
    base = f"/api/sessions/{session.slug}/artifacts"

    listing = msgspec.json.decode((await http.get(base)).content, type=list[ArtifactEntry])
    assert [entry.path for entry in listing] == [
        "context/notes.md",
        "context/spec-link.md",
        "debug/run.log",
        "plan.json",
        "research/deep/page.html",
        "spec.md",
        "state.json",
    ]
    spec = await http.get(f"{base}/spec.md")
    assert (spec.status_code, spec.text) == (200, "# Spec")
    assert spec.headers["content-type"].startswith("text/markdown")
    plan = await http.get(f"{base}/plan.json")
    assert (plan.headers["content-type"], plan.json()) == ("application/json", {"steps": []})
    # An HTML artifact must not run in the UI's origin.
    page = await http.get(f"{base}/research/deep/page.html")
    assert page.headers["content-type"].startswith("text/plain")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["content-security-policy"] == "sandbox"


ESCAPES = [
    ("../outside/secret.txt", 403),
    ("context/../../outside/secret.txt", 403),
    ("%2e%2e/outside/secret.txt", 403),
    ("context/%2e%2e/%2e%2e/outside/secret.txt", 403),
    ("/{outside}/secret.txt", 404),  # the router folds "//": a path inside the directory
    ("context/escape.md", 403),
    ("research/elsewhere/secret.txt", 403),
    ("unlisted.txt", 404),
    ("context/missing.md", 404),
    ("context", 404),
]


async def test_artifact_escapes_are_refused_without_contents(
    http: httpx.AsyncClient, writer: Conn, tmp_path: Path, outside: Path
) -> None:
    directory = _artifacts(tmp_path, outside)
    project = await writers.create_project(writer)
    session = await writers.create_session(writer, project, artifact_dir=str(directory))
    for path, status in ESCAPES:
        target = f"/api/sessions/{session.id}/artifacts/{path.format(outside=outside)}"
        answer_status, body = await raw_get(str(http.base_url), target)
        assert answer_status == status, (path, body)
        assert SECRET not in body
        assert "unlisted contents" not in body


def _listing(response: httpx.Response) -> BrowseListing:
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=BrowseListing)


async def test_browse_lists_the_roots_and_their_directories(
    http: httpx.AsyncClient, read_settings: Settings
) -> None:
    [root] = read_settings.allowed_roots
    (root / "project-a" / ".git").mkdir(parents=True)
    (root / "plain-dir").mkdir()
    (root / ".hidden").mkdir()
    (root / "README").write_text("hi")

    roots = _listing(await http.get("/api/browse"))
    assert (roots.path, roots.parent, roots.roots) == (None, None, [str(root)])
    assert [entry.path for entry in roots.entries] == [str(root)]

    listing = _listing(await http.get("/api/browse", params={"path": str(root)}))
    assert listing.parent is None
    assert [(e.name, e.is_dir, e.is_git) for e in listing.entries] == [
        ("plain-dir", True, False),
        ("project-a", True, True),
        ("README", False, False),
    ]
    inner = _listing(await http.get("/api/browse", params={"path": str(root / "project-a")}))
    assert (inner.path, inner.parent) == (str(root / "project-a"), str(root))


async def test_browse_is_confined_to_the_roots(
    http: httpx.AsyncClient, read_settings: Settings, outside: Path
) -> None:
    [root] = read_settings.allowed_roots
    os.symlink(outside, root / "link-out")
    (root / "inside").mkdir()

    listing = _listing(await http.get("/api/browse", params={"path": str(root)}))
    assert [e.name for e in listing.entries] == ["inside"]  # the escaping link is not shown
    for path, status in [
        (str(outside), 403),
        (str(root / "link-out"), 403),
        (f"{root}/inside/../../outside", 403),
        ("relative/path", 403),
        ("/", 403),
        (str(root / "missing"), 404),
        (str(root / "inside" / "nothing"), 404),
    ]:
        response = await http.get("/api/browse", params={"path": path})
        assert response.status_code == status, (path, response.text)
        assert "secret.txt" not in response.text


async def test_browse_refuses_hidden_directories_and_the_data_directory(
    start_read: Callable[..., Awaitable[RunningRead]], read_settings: Settings
) -> None:
    [root] = read_settings.allowed_roots
    (root / ".ssh").mkdir()
    (root / ".ssh" / "id_ed25519").write_text("private key")
    (root / "code" / ".git").mkdir(parents=True)
    data_dir = root / "pilothouse-data"
    (data_dir / "sessions").mkdir(parents=True)
    read = await start_read(msgspec.structs.replace(read_settings, data_dir=data_dir))
    async with httpx.AsyncClient(base_url=read.url, timeout=10) as http:
        listing = _listing(await http.get("/api/browse", params={"path": str(root)}))
        assert [entry.name for entry in listing.entries] == ["code"]
        for path in (root / ".ssh", root / "code" / ".git", data_dir, data_dir / "sessions"):
            response = await http.get("/api/browse", params={"path": str(path)})
            assert response.status_code == 403, (path, response.text)
            assert "id_ed25519" not in response.text
        hidden = await http.get("/api/browse", params={"path": str(root / ".ssh")})
        assert "hidden directory '.ssh'" in hidden.json()["detail"]
