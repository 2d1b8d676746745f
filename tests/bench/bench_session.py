"""A whole scripted session's wall time, split by phase, beside the bare CLI doing the same.

Ours: the real orchestrator process (`python -m services.orchestrator`, scripted mode: the
real bundled Claude Code CLI against its in-process scripted model server) runs a session
through spec, plan, build and docs. Figures come from the database: the session row
(created → claimed → finished) and each agent row (started → finished), with the CLI's
start-up read as the time from an agent's start to its first log entry (the CLI's `init`
message, written by the journal within 25 ms).
Bare: the SDK's `query()` straight against a scripted model server, no orchestrator, no
database: once with one short prompt (the CLI's start-up and one turn), and once per phase
with the same scripted work in the same order (same turns, same tools, same files).
Overhead of orchestration = a phase's time in the session minus the bare run of it.
"""

from __future__ import annotations

import asyncio
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import psycopg
from claude_agent_sdk import ClaudeAgentOptions, ResultMessage, SystemMessage, query

from services.orchestrator.agents.prompts import TOOLS
from services.scripted_model.server import ScriptedModelServer
from shared.contract.enums import AgentKind
from tests.bench.harness import Bench
from tests.bench.results import REPEATS, Figures, shown, spread
from tests.support.git_repos import make_repo
from tests.support.stack import Stack

PHASES = (AgentKind.SPEC, AgentKind.PLAN, AgentKind.BUILD, AgentKind.DOCS)
PROMPT = "Add a greeting module"

_AGENTS = """
SELECT a.kind::text,
       extract(epoch FROM a.finished_at - a.started_at)::float8,
       extract(epoch FROM min(e.created_at) - a.started_at)::float8,
       a.turns
FROM agents a JOIN events e ON e.agent_id = a.id AND e.kind = 'system'
WHERE a.session_id = %s GROUP BY a.id ORDER BY a.id
"""

_SESSION = """
SELECT status::text, extract(epoch FROM started_at - created_at)::float8,
       extract(epoch FROM finished_at - created_at)::float8
FROM sessions WHERE id = %s
"""


class Timing(NamedTuple):
    wall_s: float
    startup_s: float
    """Until the CLI's `init` message."""


def _project(root: Path) -> Path:
    """A fresh small git repository (with a first commit: sessions branch from it)."""
    return make_repo(root / f"demo-{secrets.token_hex(3)}", {"README.md": "# demo project\n"})


def _medians(runs: list[Figures]) -> Figures:
    """The median of every figure, and the spread of the wall times."""
    figures = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    for name in runs[0]:
        if name.endswith("_wall_s") or name.startswith("bare_cli_phases"):
            figures |= spread(name, [run[name] for run in runs])
    return figures


async def _wait_finished(url: str, session_id: int, within: float = 300) -> None:
    deadline = time.perf_counter() + within
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        while time.perf_counter() < deadline:
            row = await (await conn.execute(_SESSION, (session_id,))).fetchone()
            if row is not None and row[2] is not None:
                if row[0] not in ("completed", "awaiting_review"):
                    raise RuntimeError(f"session: ended {row[0]}, not awaiting review")
                return
            await asyncio.sleep(0.02)
    raise RuntimeError("session: not finished in time")


async def _session(stack: Stack, url: str) -> Figures:
    """Register a fresh project, run one session on it; its timings."""
    project = _project(stack.projects_root)
    status, body = await asyncio.to_thread(stack.command, "/api/projects", {"path": str(project)})
    assert status == 201, body
    started = time.perf_counter()
    status, accepted = await asyncio.to_thread(
        stack.command, "/api/sessions", {"project": body["slug"], "prompt": PROMPT}
    )
    assert status == 202, accepted
    await _wait_finished(url, accepted["id"])
    observed = time.perf_counter() - started
    with psycopg.connect(url) as conn:
        agents = conn.execute(_AGENTS, (accepted["id"],)).fetchall()
        row = conn.execute(_SESSION, (accepted["id"],)).fetchone()
    assert row is not None
    _, claimed, finished = row
    figures = {
        "session_wall_s": observed,
        "session_claim_s": claimed,
        "session_outside_agents_s": finished - sum(wall for _, wall, _, _ in agents),
    }
    for kind, wall, startup, turns in agents:
        figures |= {
            f"session_{kind}_s": wall,
            f"session_{kind}_cli_startup_s": startup,
            f"session_{kind}_turns": float(turns),
        }
    return figures


async def _orchestrated(url: str, workdir: Path) -> Figures:
    stack = Stack(database_url=url, workdir=workdir)
    stack.projects_root.mkdir(parents=True)
    await asyncio.to_thread(stack.start_orchestrator)
    try:
        return _medians([await _session(stack, url) for _ in range(REPEATS)])
    finally:
        await asyncio.to_thread(stack.stop)


async def _bare_run(prompt: str, options: ClaudeAgentOptions) -> Timing:
    started = time.perf_counter()
    startup = None
    async for message in query(prompt=prompt, options=options):
        if startup is None and isinstance(message, SystemMessage) and message.subtype == "init":
            startup = time.perf_counter() - started
        if isinstance(message, ResultMessage) and message.is_error:
            raise RuntimeError(f"bare CLI: {message.result}")
    assert startup is not None, "bare CLI: no init message"
    return Timing(time.perf_counter() - started, startup)


def _phase_options(
    kind: AgentKind, env: dict[str, str], project: Path, artifacts: Path
) -> ClaudeAgentOptions:
    return ClaudeAgentOptions(
        env=env,
        cwd=str(project),
        add_dirs=[str(artifacts)],
        system_prompt=f"Pilothouse phase: {kind}\nArtifact directory: {artifacts}\n"
        f"Project directory: {project}",
        tools=TOOLS[kind],
        allowed_tools=TOOLS[kind],
        permission_mode="acceptEdits",
        setting_sources=[],
    )


async def _bare_phases(env: dict[str, str], workdir: Path) -> Figures:
    """The scripted work of every phase, in order, in a fresh project and artifact directory."""
    project, artifacts = _project(workdir), workdir / "artifacts"
    artifacts.mkdir()
    (artifacts / "state.json").write_text("{}\n")
    figures: Figures = {}
    for kind in PHASES:
        run = await _bare_run(PROMPT, _phase_options(kind, env, project, artifacts))
        figures[f"bare_cli_{kind}_s"] = run.wall_s
    figures["bare_cli_phases_s"] = sum(figures.values())
    return figures


async def _bare(workdir: Path) -> Figures:
    server = ScriptedModelServer()
    await server.start()
    try:
        env = server.cli_env(workdir / "claude-config")
        hello = ClaudeAgentOptions(env=env, cwd=str(_project(workdir)), setting_sources=[])
        runs = [await _bare_run("Say OK.", hello) for _ in range(REPEATS)]
        phases = [await _bare_phases(env, workdir / f"run-{n}") for n in range(REPEATS)]
    finally:
        await server.stop()
    return {
        "bare_cli_one_turn_s": statistics.median(run.wall_s for run in runs),
        "bare_cli_startup_s": statistics.median(run.startup_s for run in runs),
        **_medians(phases),
    }


async def measure(bench: Bench) -> Figures:
    with bench.database() as database, tempfile.TemporaryDirectory() as tmp:
        ours = await _orchestrated(database.url, Path(tmp) / "orchestrated")
        bare = await _bare(Path(tmp) / "bare")
    return ours | bare


def report(f: Figures) -> list[str]:
    phases = ", ".join(
        f"{kind} {f[f'session_{kind}_s']:.1f} s ({f[f'session_{kind}_turns']:.0f} turns,"
        f" CLI start-up {f[f'session_{kind}_cli_startup_s']:.1f} s;"
        f" bare {f[f'bare_cli_{kind}_s']:.1f} s)"
        for kind in PHASES
    )
    return [
        f"scripted session, {len(PHASES)} phases: {shown(f, 'session_wall_s', ' s', 1)} from POST"
        f" to completed; the same phases run bare: {shown(f, 'bare_cli_phases_s', ' s', 1)}"
        f" ({REPEATS} runs)",
        f"  by phase: {phases}",
        f"  outside the agents: {f['session_outside_agents_s']:.2f} s"
        f" (of which claiming the queued session {f['session_claim_s']:.2f} s)",
        f"  bare CLI, one short prompt: {f['bare_cli_one_turn_s']:.1f} s"
        f" (start-up to init {f['bare_cli_startup_s']:.1f} s)",
    ]
