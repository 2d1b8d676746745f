"""The fence around one agent: where its tools may write and read, where they may connect.

Two layers, measured with the real CLI (tests/orchestrator/test_fence.py):

- Bash runs inside Claude Code's sandbox (bubblewrap + socat on Linux), set through the
  SDK's sandbox settings: the filesystem is read-only except the agent's worktree and
  artifact directory, Pilothouse's directories (data, worktrees, artifacts) are hidden
  except the agent's own, the network is a namespace of its own whose only way out is
  the sandbox's proxy, which refuses Pilothouse's hosts (and every domain not allowed by
  PILOTHOUSE_AGENT_DOMAINS), and Unix sockets cannot be created (seccomp). No command
  may leave the sandbox (`allowUnsandboxedCommands: false`), and the CLI fails rather
  than run commands unsandboxed (`failIfUnavailable`).
- The file tools (Read, Write, Edit, Glob, Grep, …) are not sandboxed by the CLI: a
  PreToolUse hook here refuses any path outside the writable places for writes, and any
  path in Pilothouse's hidden directories (but the agent's own) for reads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claude_agent_sdk import HookMatcher
from claude_agent_sdk.types import HookContext, SandboxSettings, SyncHookJSONOutput

WRITE_TOOLS = {"Write": "file_path", "Edit": "file_path", "MultiEdit": "file_path"}
WRITE_TOOLS["NotebookEdit"] = "notebook_path"
READ_TOOLS = {"Read": "file_path", "Glob": "path", "Grep": "path", "LS": "path"}
LOOPBACK = ("localhost", "127.0.0.1", "::1", "0.0.0.0")  # noqa: S104 (hosts refused)


def inside(path: Path, places: tuple[Path, ...]) -> bool:
    """Whether `path` is one of `places` or under one."""
    return any(path == place or path.is_relative_to(place) for place in places)


@dataclass(frozen=True)
class Fence:
    """One agent's places: `writable` (its worktree or in-place project, its artifact
    directory), `readable` inside `hidden` (those and its private HOME), `hidden`
    (Pilothouse's own directories), and the hosts its commands may or may not reach."""

    cwd: Path
    writable: tuple[Path, ...]
    readable: tuple[Path, ...]
    hidden: tuple[Path, ...]
    denied_hosts: tuple[str, ...] = LOOPBACK
    allowed_domains: tuple[str, ...] = ()

    def sandbox(self, *, supervised: bool = False) -> SandboxSettings:
        """Claude Code's sandbox settings for Bash (`allowWrite` adds to the cwd and the
        directories the options add). Supervised, a sandboxed command is not approved by
        the sandbox alone: it waits for the user's answer like any other."""
        settings: dict[str, Any] = {
            "enabled": True,
            "autoAllowBashIfSandboxed": not supervised,
            "allowUnsandboxedCommands": False,
            "failIfUnavailable": True,
            "filesystem": {
                "allowWrite": [str(place) for place in self.writable],
                "denyRead": [str(place) for place in self.hidden],
                "allowRead": [str(place) for place in self.readable],
            },
            "network": {
                "allowedDomains": list(self.allowed_domains),
                "deniedDomains": list(self.denied_hosts),
                "allowAllUnixSockets": False,
                "allowLocalBinding": False,
            },
        }
        return settings  # type: ignore[return-value]

    def refusal(self, tool: str, tool_input: dict[str, Any]) -> str | None:
        """Why a file tool's call leaves the fence, or None when it stays inside."""
        key = WRITE_TOOLS.get(tool) or READ_TOOLS.get(tool)
        if key is None:
            return None
        raw = tool_input.get(key)
        if not isinstance(raw, str) or not raw:
            return None if tool in READ_TOOLS else f"{tool} needs a path"
        path = Path(os.path.realpath(self.cwd / Path(raw).expanduser()))
        if tool in WRITE_TOOLS and not inside(path, self.writable):
            return (
                f"Pilothouse fence: {tool} outside this session's workspace is not allowed "
                f"({raw}); write only under {', '.join(map(str, self.writable))}"
            )
        if inside(path, self.hidden) and not inside(path, self.readable):
            return f"Pilothouse fence: {raw} belongs to Pilothouse, not to this session"
        return None

    def hooks(self) -> dict[str, list[HookMatcher]]:
        """The PreToolUse hook that refuses file tools' calls leaving the fence."""

        async def guard(
            hook_input: Any, _tool_use_id: str | None, _context: HookContext
        ) -> SyncHookJSONOutput:
            reason = self.refusal(
                str(hook_input.get("tool_name", "")), dict(hook_input.get("tool_input") or {})
            )
            if reason is None:
                return {}
            return {
                "hookSpecificOutput": {
                    "hookEventName": "PreToolUse",
                    "permissionDecision": "deny",
                    "permissionDecisionReason": reason,
                }
            }

        return {"PreToolUse": [HookMatcher(matcher=None, hooks=[guard])]}
