"""A session's changes as the read service serves them: from the rows the orchestrator
stores at each commit (written here by its own code from a real repository), never by
running git; bad paths and agents are a 404 or 400 naming them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.running import commit_record
from shared.contract.enums import AgentKind, CommitKind, FileStatus
from shared.contract.review import ChangeSet, CommitView, FileDiff, WorktreeUsage
from shared.contract.wire import AgentView, SessionView
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.git_repos import commit, git, make_repo
from tests.support.writers import Conn


@pytest.fixture
async def branch(writer: Conn, database: TestDatabase, tmp_path: Path) -> dict[str, Any]:
    """A session whose build agent changed a.txt and added new.py, and whose docs agent
    changed b.txt, recorded as the orchestrator records them; a second session besides."""
    repo = make_repo(tmp_path / "repo", {"a.txt": "one\n", "b.txt": "two\n"})
    base = git(repo, "rev-parse", "HEAD")
    built = commit(repo, {"a.txt": "ONE\n", "new.py": "x = 1\n"}, "build")
    documented = commit(repo, {"b.txt": "TWO\n"}, "docs")
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    (artifacts / "spec.md").write_text("# Greet the moon\n\nA spec.\n")
    project = await writers.create_project(writer, path=str(repo))
    session = await writers.create_session(writer, project, artifact_dir=str(artifacts))
    build = await writers.create_agent(writer, session)
    docs = await writers.create_agent(writer, session)
    other = await writers.create_session(writer, project)
    stranger = await writers.create_agent(writer, other)
    store = Store(database.url)
    await store.open()
    try:
        view = msgspec.structs.replace(session, isolated=True, base_commit=base)
        for sha, parent, agent, phase in (
            (built, base, build, AgentKind.BUILD),
            (documented, built, docs, AgentKind.DOCS),
        ):
            record = await commit_record.capture(
                repo, sha=sha, parent=parent, base_commit=base, kind=CommitKind.AGENT,
                message=f"{phase.value} work", phase=phase, agent_id=agent.id,
            )  # fmt: skip
            async with store.unit() as uow:
                changed = await commit_record.store(uow, view, record)
                await uow.update(
                    SessionView,
                    session.id,
                    {**changed, "isolated": True, "worktree": str(repo)},
                )
    finally:
        await store.close()
    return {
        "session": session,
        "base": base,
        "built": built,
        "documented": documented,
        "build": build,
        "docs": docs,
        "stranger": stranger,
        "other": other,
    }


def _decode(response: httpx.Response, kind: type[Any]) -> Any:
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=kind)


async def test_the_whole_session_and_each_agent(
    http: httpx.AsyncClient, branch: dict[str, Any]
) -> None:
    base_url = f"/api/sessions/{branch['session'].slug}"
    whole = _decode(await http.get(f"{base_url}/changes"), ChangeSet)
    assert [(f.path, f.status, f.insertions, f.deletions) for f in whole.files] == [
        ("a.txt", FileStatus.MODIFIED, 1, 1),
        ("b.txt", FileStatus.MODIFIED, 1, 1),
        ("new.py", FileStatus.ADDED, 1, 0),
    ]
    assert (whole.scope, whole.from_commit, whole.to_commit) == (
        "session",
        branch["base"],
        branch["documented"],
    )
    assert (whole.insertions, whole.deletions, whole.isolated) == (3, 2, True)
    assert whole.suggested_message == "Greet the moon"

    build: AgentView = branch["build"]
    mine = _decode(await http.get(f"{base_url}/changes?agent={build.id}"), ChangeSet)
    assert [f.path for f in mine.files] == ["a.txt", "new.py"]
    assert (mine.scope, mine.from_commit, mine.to_commit) == (
        "agent",
        branch["base"],
        branch["built"],
    )
    docs = _decode(await http.get(f"{base_url}/changes?agent={branch['docs'].id}"), ChangeSet)
    assert [f.path for f in docs.files] == ["b.txt"]

    added = _decode(await http.get(f"{base_url}/changes/new.py"), FileDiff)
    assert added.patch.startswith("diff --git a/new.py b/new.py\nnew file mode")
    assert "+x = 1\n" in added.patch
    assert (added.truncated, added.patch_bytes) == (False, len(added.patch.encode()))

    commits = _decode(await http.get(f"{base_url}/commits"), list[CommitView])
    assert [(c.sha, c.phase, c.agent_id, c.files) for c in commits] == [
        (branch["built"], AgentKind.BUILD, build.id, 2),
        (branch["documented"], AgentKind.DOCS, branch["docs"].id, 1),
    ]
    whole_diff = await http.get(f"{base_url}/diff")
    assert whole_diff.headers["content-type"].startswith("text/x-diff")
    assert [line for line in whole_diff.text.splitlines() if line.startswith("diff --git")] == [
        "diff --git a/a.txt b/a.txt",
        "diff --git a/b.txt b/b.txt",
        "diff --git a/new.py b/new.py",
    ]
    one_agent = await http.get(f"{base_url}/diff?agent={branch['docs'].id}")
    assert one_agent.text.startswith("diff --git a/b.txt b/b.txt\n")


async def test_worktrees_in_use_with_their_size(
    http: httpx.AsyncClient, branch: dict[str, Any]
) -> None:
    usage = _decode(await http.get("/api/worktrees"), WorktreeUsage)
    assert [(w.session_id, w.slug) for w in usage.worktrees] == [
        (branch["session"].id, branch["session"].slug)
    ]
    assert usage.total_bytes == usage.worktrees[0].bytes
    assert usage.total_bytes
    assert usage.total_bytes > 0


@pytest.mark.parametrize(
    ("target", "status", "mentions"),
    [
        ("/changes/b.txt?agent={build}", 404, "'b.txt' is not among the files changed by agent"),
        ("/changes/nowhere.txt", 404, "'nowhere.txt' is not among the files changed by session"),
        ("/changes/..%2F..%2Fetc%2Fpasswd", 404, "is not among the files changed"),
        ("/changes?agent=abc", 400, "agent"),
        ("/changes/%00", 404, "is not among the files changed"),
        ("/changes?agent=99999999999999999999", 404, "is not an agent of session"),
        ("/changes?agent=99999999", 404, "agent 99999999 is not an agent of session"),
        ("/changes?agent={stranger}", 404, "is not an agent of session"),
        ("/changes/a.txt?agent={stranger}", 404, "is not an agent of session"),
        ("/diff?agent={stranger}", 404, "is not an agent of session"),
    ],
)
async def test_bad_paths_and_agents_name_what_is_wrong(
    http: httpx.AsyncClient, branch: dict[str, Any], target: str, status: int, mentions: str
) -> None:
    path = f"/api/sessions/{branch['session'].slug}" + target.format(
        build=branch["build"].id, stranger=branch["stranger"].id
    )
    response = await http.get(path)
    assert response.status_code == status, response.text
    body = response.json()
    assert mentions in body["detail"]
    assert "root:" not in response.text


async def test_an_unknown_session_or_an_agent_that_changed_nothing(
    http: httpx.AsyncClient, branch: dict[str, Any], writer: Conn
) -> None:
    for path in ("changes", "commits", "diff", "changes/a.txt"):
        response = await http.get(f"/api/sessions/no-such-session/{path}")
        assert response.status_code == 404
        assert "unknown session 'no-such-session'" in response.json()["detail"]
    idle = await writers.create_agent(writer, branch["session"])
    nothing = _decode(
        await http.get(f"/api/sessions/{branch['session'].slug}/changes?agent={idle.id}"), ChangeSet
    )
    assert (nothing.files, nothing.to_commit, nothing.from_commit) == ([], None, None)
