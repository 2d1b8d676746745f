"""The claude-agent-sdk options of one agent: where it works, what it may do, its limits."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from claude_agent_sdk import ClaudeAgentOptions, HookMatcher, SessionStore

from services.orchestrator.agents.fence import LOOPBACK, Fence
from services.orchestrator.agents.model_runtime import ModelRuntime
from services.orchestrator.agents.permission_callback import (
    ASK_USER_TOOL,
    ASKING_TOOLS,
    Asker,
    permission_callback,
    workspace_writes,
)
from services.orchestrator.agents.prompts import TOOLS, system_prompt
from shared.config.settings import Settings
from shared.contract.enums import AgentKind

MAX_MESSAGE_BYTES = 32 * 1024 * 1024
"""Largest single CLI message accepted (a big file read); the SDK's default is 1 MB."""


def agent_options(
    kind: AgentKind,
    *,
    project: Path,
    worktree: Path | None,
    artifacts: Path,
    settings: Settings,
    runtime: ModelRuntime,
    budget_usd: float | None,
    resume: str | None,
    stderr: Callable[[str], None],
    transcripts: SessionStore | None = None,
    ask: Asker | None = None,
) -> ClaudeAgentOptions:
    """Options for one agent: the project as cwd, the artifact directory added, the
    phase's tools pre-approved (nobody is there to approve them), no filesystem settings
    and no MCP servers but Pilothouse's (none: see below), the configured model and
    turns, `budget_usd` (what the session has left, running/budget.py), and — unless the
    orchestrator runs unfenced — the fence around its worktree and artifacts. With
    `transcripts`, the conversation is mirrored there as it is written (eagerly: a
    process killed mid-turn loses at most the frames in flight) and resumed from there.
    With `ask` (a supervised session), Bash, MCP tools and writes outside the workspace
    wait for the user's answer through it, and the agent may ask the user questions."""
    tools = list(TOOLS[kind])
    allowed = list(tools)
    fence = agent_fence(settings, runtime, project, worktree, artifacts)
    hooks: dict[str, list[HookMatcher]] = dict(fence.hooks()) if fence else {}
    if ask is not None:
        allowed = [tool for tool in tools if tool not in ASKING_TOOLS]
        tools.append(ASK_USER_TOOL)
        writable = (real(worktree or project), real(artifacts))
        approve = workspace_writes(real(project), writable)
        hooks["PreToolUse"] = [*hooks.get("PreToolUse", []), approve]
    return ClaudeAgentOptions(
        cwd=str(project),
        add_dirs=[str(artifacts)],
        system_prompt={
            "type": "preset",
            "preset": "claude_code",
            "append": system_prompt(kind, artifacts, project),
        },
        tools=tools,
        allowed_tools=allowed,
        can_use_tool=permission_callback(ask) if ask is not None else None,
        # bypassPermissions is refused when running as root; acceptEdits plus the
        # allowed tools gives the same unattended run. Supervised: see permission_callback.
        permission_mode="default" if ask is not None else "acceptEdits",
        # Nothing from the filesystem widens what the agent may do. A repository is not
        # trusted (its content may be written to prompt-inject the agent): its
        # .claude/settings*.json could allow Bash or any tool, approve its own MCP
        # servers or run hooks, so no settings file is read — permissions, tools and
        # hooks are the ones set here. Its .mcp.json (and the CLI user's own MCP
        # servers) would start processes outside the fence at the CLI's start and add
        # tools nobody chose: only the MCP servers listed here (none) are loaded. (Without
        # settings sources the CLI 2.1 already skips both; the strict flag says so in
        # the CLI's own terms.) An MCP tool Pilothouse adds here later would not be
        # pre-approved, so a supervised agent would ask. tests/orchestrator/
        # test_supervised_repo_settings.py shows a hostile repository's effect: none.
        setting_sources=[],
        mcp_servers={},
        strict_mcp_config=True,
        model=settings.model,
        max_turns=settings.phase_max_turns.get(kind, settings.max_turns),
        max_budget_usd=budget_usd,
        resume=resume,
        env=runtime.agent_env(),
        cli_path=runtime.cli_path,
        stderr=stderr,
        max_buffer_size=MAX_MESSAGE_BYTES,
        sandbox=fence.sandbox(supervised=ask is not None) if fence else None,
        hooks=hooks or None,  # type: ignore[arg-type]
        session_store=transcripts,
        session_store_flush="eager",
    )


def agent_fence(
    settings: Settings, runtime: ModelRuntime, project: Path, worktree: Path | None, artifacts: Path
) -> Fence | None:
    """The fence of one agent, or None when the orchestrator runs unfenced."""
    if not runtime.fenced:
        return None
    writable = (real(worktree or project), real(artifacts))
    home = real(settings.data_dir / "agent-home")
    hidden = {real(settings.data_dir), real(settings.worktrees_root), real(settings.artifacts_root)}
    return Fence(
        cwd=real(project),
        writable=writable,
        readable=(*writable, home),
        hidden=tuple(sorted(hidden)),
        denied_hosts=denied_hosts(settings),
        allowed_domains=settings.agent_domains,
    )


def real(path: Path) -> Path:
    """`path` with every symlink resolved, as the fence compares paths."""
    return Path(os.path.realpath(path))


def denied_hosts(settings: Settings) -> tuple[str, ...]:
    """Hosts an agent's commands never reach: loopback, and Pilothouse's own services and
    database wherever they are."""
    hosts = set(LOOPBACK)
    hosts.update((settings.read_host, settings.orchestrator_host))
    for url in (settings.orchestrator_url, settings.read_url, settings.database_url):
        if url and (host := urlsplit(url).hostname):
            hosts.add(host)
    return tuple(sorted(host for host in hosts if host))
