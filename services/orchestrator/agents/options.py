"""The claude-agent-sdk options of one agent: where it works, what it may do, its limits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claude_agent_sdk import ClaudeAgentOptions, SessionStore

from services.orchestrator.agents.model_runtime import ModelRuntime
from services.orchestrator.agents.prompts import TOOLS, system_prompt
from shared.config.settings import Settings
from shared.contract.enums import AgentKind

MAX_MESSAGE_BYTES = 32 * 1024 * 1024
"""Largest single CLI message accepted (a big file read); the SDK's default is 1 MB."""


def agent_options(
    kind: AgentKind,
    *,
    project: Path,
    artifacts: Path,
    settings: Settings,
    runtime: ModelRuntime,
    resume: str | None,
    stderr: Callable[[str], None],
    transcripts: SessionStore | None = None,
) -> ClaudeAgentOptions:
    """Options for one agent: the project as cwd, the artifact directory added, the
    phase's tools pre-approved (nobody is there to approve them), no filesystem settings
    (project settings can run hooks), and the configured model and limits. With
    `transcripts`, the conversation is mirrored there as it is written (eagerly: a
    process killed mid-turn loses at most the frames in flight) and resumed from there."""
    tools = TOOLS[kind]
    return ClaudeAgentOptions(
        cwd=str(project),
        add_dirs=[str(artifacts)],
        system_prompt={
            "type": "preset",
            "preset": "claude_code",
            "append": system_prompt(kind, artifacts, project),
        },
        tools=list(tools),
        allowed_tools=list(tools),
        # bypassPermissions is refused when running as root; acceptEdits plus the
        # allowed tools gives the same unattended run.
        permission_mode="acceptEdits",
        setting_sources=[],
        model=settings.model,
        max_turns=settings.phase_max_turns.get(kind, settings.max_turns),
        max_budget_usd=settings.phase_max_budget_usd.get(kind, settings.max_budget_usd),
        resume=resume,
        env=runtime.agent_env(),
        cli_path=runtime.cli_path,
        stderr=stderr,
        max_buffer_size=MAX_MESSAGE_BYTES,
        session_store=transcripts,
        session_store_flush="eager",
    )
