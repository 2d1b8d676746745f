"""Sessions on their own branches: making a session's worktree in a 10,000-file repository
(with its setup), and the read service's changes endpoints for a 1,000-file change, each
beside git doing the same work alone, in the same run.

Worktree: ours is the orchestrator's own step before a session's first agent
(running/workspace.Workspaces.prepare: `git worktree add` on a new branch, the session
row and its journal entries, a setup file copied, a setup command run, the disk measured);
bare is `git worktree add -b` alone. Changes: the orchestrator records a 1,000-file
commit as it does after an agent (git diff three ways, rows COPYed into file_changes),
beside `git diff --patch` of the same two ranges; then GET /changes (the file list),
GET /changes/{path} (one file's diff) and GET /diff (the whole patch), sequentially over
one keep-alive connection, beside `git diff --numstat`, `git diff -- path` and
`git diff` run as processes.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from services.orchestrator.db.agent_log import Journal
from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.running import commit_record
from services.orchestrator.running.workspace import Workspaces
from services.orchestrator.workspaces.worktrees import remove
from shared.config.settings import Settings
from shared.contract.enums import CommitKind
from shared.contract.wire import ProjectView, SessionView
from tests.bench.bench_queries import _timed_gets
from tests.bench.harness import Bench, Database
from tests.bench.raw_http import RawHttp
from tests.bench.results import Figures, percentile
from tests.support.git_repos import git

FILES = 10_000
CHANGED = 1_000
RUNS = 5
REQUESTS = 200
SETUP = "echo installing; echo done"


def _repository(path: Path) -> str:
    """A repository of FILES small files in 100 directories; its HEAD."""
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "trunk")
    for n in range(FILES):
        folder = path / f"pkg{n % 100:02}"
        folder.mkdir(exist_ok=True)
        (folder / f"module_{n:05}.py").write_text(f'"""Module {n}."""\n\nVALUE = {n}\n')
    (path / ".env").write_text("SECRET=1\n")
    (path / ".gitignore").write_text(".env\n")
    git(path, "add", "--all")
    git(path, "commit", "-q", "-m", "10,000 files")
    return git(path, "rev-parse", "HEAD")


def _change(repo: Path, base: str) -> tuple[str, str]:
    """A branch `change` off `base`: a first commit touching one file, then one editing
    CHANGED files (that one among them); (first, head)."""
    git(repo, "checkout", "-q", "-b", "change", base)
    (repo / "pkg00" / "module_00000.py").write_text('"""Module 0, first touch."""\n')
    git(repo, "commit", "-q", "-am", "a first, small commit")
    first = git(repo, "rev-parse", "HEAD")
    for n in range(0, FILES, FILES // CHANGED):
        target = repo / f"pkg{n % 100:02}" / f"module_{n:05}.py"
        target.write_text(f'"""Module {n}, changed."""\n\nVALUE = {n}\nDOUBLE = {2 * n}\n')
    git(repo, "commit", "-q", "-am", "change 1,000 files")
    head = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "trunk")
    return first, head


async def _rows(store: Store, repo: Path, slug: str, base: str) -> tuple[ProjectView, SessionView]:
    async with store.unit() as uow:
        project = await uow.insert(
            ProjectView,
            {"slug": f"p-{slug}", "name": slug, "path": str(repo), "setup_files": [".env"],
             "setup_command": SETUP},
        )  # fmt: skip
        session = await uow.insert(
            SessionView,
            {"slug": slug, "project_id": project.id, "title": slug, "prompt": "bench",
             "phases": ["build"], "artifact_dir": "/tmp", "model_mode": "scripted",
             "isolated": True, "base_ref": "trunk", "base_commit": base,
             "branch": f"pilothouse/{slug}"},
        )  # fmt: skip
    return project, session


def _ms(seconds: float) -> float:
    return seconds * 1000


def p99(samples: list[float]) -> float:
    return _ms(percentile(samples, 0.99))


async def _worktrees(database: Database, repo: Path, base: str, root: Path) -> Figures:
    settings = Settings(data_dir=root, worktrees_dir=root / "worktrees", database_url=database.url)
    store = Store(database.url)
    await store.open()
    ours, bare = [], []
    try:
        workspaces = Workspaces(store, Journal(store), settings)
        for run in range(RUNS):
            project, session = await _rows(store, repo, f"bench-{run}", base)
            started = time.perf_counter()
            place = await workspaces.prepare(session, project)
            ours.append(time.perf_counter() - started)
            assert place.worktree is not None
            await remove(repo, place.worktree, force=True)
            target = root / "bare" / str(run)
            started = time.perf_counter()
            await asyncio.to_thread(
                subprocess.run,
                ["git", "worktree", "add", "-q", "-b", f"bare-{run}", str(target), base],
                cwd=repo, check=True,
            )  # fmt: skip
            bare.append(time.perf_counter() - started)
            await remove(repo, target, force=True)
    finally:
        await store.close()
    return {
        "worktree_prepare_ms": _ms(statistics.median(ours)),
        "worktree_prepare_max_ms": _ms(max(ours)),
        "bare_worktree_add_ms": _ms(statistics.median(bare)),
        "bare_worktree_add_max_ms": _ms(max(bare)),
    }


async def _record(
    database: Database, repo: Path, base: str, first: str, head: str
) -> tuple[str, Figures]:
    """Record the 1,000-file commit, the session's second, as the orchestrator does (its
    own files, and the whole session's against the base); its session's slug, timings."""
    store = Store(database.url)
    await store.open()
    try:
        _, session = await _rows(store, repo, "changed", base)
        started = time.perf_counter()
        record = await commit_record.capture(
            repo, sha=head, parent=first, base_commit=base, kind=CommitKind.AGENT, message="bench"
        )
        async with store.unit() as uow:
            await uow.update(
                SessionView, session.id, await commit_record.store(uow, session, record)
            )
        took = time.perf_counter() - started
    finally:
        await store.close()
    started = time.perf_counter()
    git(repo, "diff", "--patch", first, head)
    git(repo, "diff", "--patch", base, head)
    bare = time.perf_counter() - started
    return session.slug, {"record_commit_ms": _ms(took), "bare_git_diff_patch_ms": _ms(bare)}


def _bare(repo: Path, argv: list[list[str]]) -> list[float]:
    samples = []
    for args in argv:
        started = time.perf_counter()
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return samples


async def _endpoints(
    bench: Bench, database: Database, repo: Path, slug: str, *, base: str, head: str
) -> Figures:
    paths = [f"pkg{n % 100:02}/module_{n:05}.py" for n in range(0, FILES, FILES // CHANGED)]
    picks = random.Random(5).choices(paths, k=REQUESTS)
    async with bench.read_service(database) as url:
        http = await RawHttp.connect(url)
        lists = [f"/api/sessions/{slug}/changes"] * (REQUESTS // 4)
        files = [f"/api/sessions/{slug}/changes/{path}" for path in picks]
        await _timed_gets(http, lists[:10] + files[:10])  # warm up
        listed = await _timed_gets(http, lists)
        one = await _timed_gets(http, files)
        await http.close()
        whole = await _whole(url, slug)
    bare_list = _bare(repo, [["diff", "--numstat", base, head]] * (REQUESTS // 4))
    bare_one = _bare(repo, [["diff", base, head, "--", path] for path in picks])
    bare_whole = _bare(repo, [["diff", base, head]] * 10)
    return {
        "changes_list_1000_p99_ms": p99(listed),
        "bare_git_numstat_p99_ms": p99(bare_list),
        "changes_file_p99_ms": p99(one),
        "bare_git_diff_file_p99_ms": p99(bare_one),
        "changes_whole_diff_p99_ms": p99(whole),
        "bare_git_diff_whole_p99_ms": p99(bare_whole),
    }


async def _whole(url: str, slug: str) -> list[float]:
    """GET /diff (a chunked text stream, which the raw client does not read) ten times."""
    samples = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        for _ in range(10):
            started = time.perf_counter()
            response = await client.get(f"/api/sessions/{slug}/diff")
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200
            assert response.text.count("diff --git ") == CHANGED
    return samples


async def measure(bench: Bench) -> Figures:
    with bench.database() as database, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        repo = root / "repo"
        base = await asyncio.to_thread(_repository, repo)
        figures = await _worktrees(database, repo, base, root / "data")
        first, head = await asyncio.to_thread(_change, repo, base)
        slug, recorded = await _record(database, repo, base, first, head)
        figures |= recorded
        figures |= await _endpoints(bench, database, repo, slug, base=base, head=head)
    return figures


def report(f: Figures) -> list[str]:
    return [
        f"worktree + setup, {FILES:,}-file repository: median"
        f" {f['worktree_prepare_ms']:.0f} ms (max {f['worktree_prepare_max_ms']:.0f})"
        f" | bare `git worktree add` {f['bare_worktree_add_ms']:.0f} ms"
        f" (max {f['bare_worktree_add_max_ms']:.0f})",
        f"recording a {CHANGED:,}-file commit (its diff and the session's, rows COPYed):"
        f" {f['record_commit_ms']:.0f} ms"
        f" | bare `git diff --patch` of the same two ranges {f['bare_git_diff_patch_ms']:.0f} ms",
        f"GET /changes ({CHANGED:,} files): p99 {f['changes_list_1000_p99_ms']:.2f} ms"
        f" | bare `git diff --numstat` p99 {f['bare_git_numstat_p99_ms']:.2f} ms",
        f"GET /changes/{{path}} (one file's diff): p99 {f['changes_file_p99_ms']:.2f} ms"
        f" | bare `git diff -- path` p99 {f['bare_git_diff_file_p99_ms']:.2f} ms",
        f"GET /diff (whole {CHANGED:,}-file patch): p99 {f['changes_whole_diff_p99_ms']:.1f} ms"
        f" | bare `git diff` p99 {f['bare_git_diff_whole_p99_ms']:.1f} ms",
    ]
