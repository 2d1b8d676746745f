"""Supervised mode at the SDK's edge: which tools ask, and the `can_use_tool` callback.

In a supervised session Bash, Write and Edit are taken out of the pre-approved tools,
the permission mode is the CLI's default (acceptEdits would approve file commands such
as `echo > file` or `rm` inside the workspace), and the sandbox no longer approves
sandboxed commands by itself, so the CLI asks before each command and each MCP tool. A
PreToolUse hook approves writes inside the workspace (the fence's hook, when there is
one, still refuses the rest: deny wins); a write elsewhere asks. Each ask reaches
`can_use_tool`, which hands a plain `ToolCall` to the orchestrator's asker
(running/supervision.py) and turns its `Verdict` into the SDK's result. The ask-user
tool (AskUserQuestion) is offered too; its questions reach the same callback and are
answered with `updated_input` carrying the user's answers.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claude_agent_sdk import HookMatcher, PermissionResultAllow, PermissionResultDeny
from claude_agent_sdk.types import (
    CanUseTool,
    HookContext,
    PermissionResult,
    SyncHookJSONOutput,
    ToolPermissionContext,
)

from services.orchestrator.agents.fence import WRITE_TOOLS, inside
from shared.contract.enums import PermissionKind

ASK_USER_TOOL = "AskUserQuestion"
ASKING_TOOLS = frozenset({"Bash", "Write", "Edit"})
"""Tools of a phase that a supervised agent may not use unasked. Write and Edit are not
pre-approved either, so that the permission mode (acceptEdits) approves them inside the
workspace only, and a write elsewhere asks."""


@dataclass(frozen=True)
class ToolCall:
    """What the agent wants to do, as the user is asked about it."""

    kind: PermissionKind
    tool_name: str
    tool_input: dict[str, Any]
    reason: str | None
    questions: list[dict[str, Any]]
    allow_key: str
    """What allow-for-session allows: this exact Bash command, or this tool."""


@dataclass(frozen=True)
class Verdict:
    allow: bool
    message: str | None = None
    """Told to the agent with a deny."""
    answers: dict[str, str] | None = None
    """The user's answers to the ask-user tool's questions."""


Asker = Callable[[ToolCall], Awaitable[Verdict]]


def allow_key(tool_name: str, tool_input: dict[str, Any]) -> str:
    """The exact command for Bash (allowing one allows that command only), else the tool."""
    command = tool_input.get("command")
    if tool_name == "Bash" and isinstance(command, str):
        return f"Bash:{command}"
    return tool_name


def tool_call(tool_name: str, tool_input: dict[str, Any]) -> ToolCall:
    question = tool_name == ASK_USER_TOOL
    raw = tool_input.get("questions") if question else None
    questions = [q for q in raw if isinstance(q, dict)] if isinstance(raw, list) else []
    reason = tool_input.get("description")
    return ToolCall(
        kind=PermissionKind.QUESTION if question else PermissionKind.TOOL,
        tool_name=tool_name,
        tool_input=dict(tool_input),
        reason=reason if isinstance(reason, str) and reason.strip() else None,
        questions=questions,
        allow_key=allow_key(tool_name, tool_input),
    )


def permission_callback(ask: Asker) -> CanUseTool:
    """The SDK's `can_use_tool`, asking `ask` and waiting for its verdict."""

    async def can_use_tool(
        tool_name: str, tool_input: dict[str, Any], _context: ToolPermissionContext
    ) -> PermissionResult:
        verdict = await ask(tool_call(tool_name, tool_input))
        if not verdict.allow:
            return PermissionResultDeny(message=verdict.message or "The user denied this.")
        if verdict.answers is not None:
            return PermissionResultAllow(updated_input={**tool_input, "answers": verdict.answers})
        return PermissionResultAllow()

    return can_use_tool


def workspace_writes(cwd: Path, writable: tuple[Path, ...]) -> HookMatcher:
    """The PreToolUse hook that approves a file tool's write inside `writable` (paths
    relative to `cwd`), and leaves every other call to the permission flow."""

    def writes_inside(hook_input: Any) -> bool:
        key = WRITE_TOOLS.get(str(hook_input.get("tool_name", "")))
        raw = dict(hook_input.get("tool_input") or {}).get(key) if key else None
        if not isinstance(raw, str) or not raw:
            return False
        return inside(Path(os.path.realpath(cwd / Path(raw).expanduser())), writable)

    async def approve(
        hook_input: Any, _tool_use_id: str | None, _context: HookContext
    ) -> SyncHookJSONOutput:
        if not writes_inside(hook_input):
            return {}
        return {
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": "allow",
                "permissionDecisionReason": "a write inside the session's workspace",
            }
        }

    return HookMatcher(matcher=None, hooks=[approve])
