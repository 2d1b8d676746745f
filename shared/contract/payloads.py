"""Payload shapes of the agent-log kinds of `events` (the `*_changed` kinds carry views).

The orchestrator encodes these with `msgspec.to_builtins`; clients get them typed by
decoding events as `shared.contract.events.EventView`, whose variant of each kind names
its payload.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from shared.contract.enums import AgentKind, CommitKind, MergeStrategy

MAX_TEXT_CHARS = 32 * 1024
"""Longer text fields (tool results, huge inputs) are cut to this and marked truncated."""


class PhasePayload(msgspec.Struct, kw_only=True):
    """A phase (one agent) started or ended."""

    phase: AgentKind
    state: Literal["started", "completed", "failed", "cancelled", "interrupted"]
    agent_id: int | None = None


class SystemPayload(msgspec.Struct, kw_only=True):
    """The CLI's init message, and other system notices."""

    subtype: str
    claude_session_id: str | None = None
    model: str | None = None
    cwd: str | None = None
    tools: list[str] = []
    scripted: bool = False
    """True when the answers come from the local scripted model, not Claude."""
    data: dict[str, Any] = {}


class UserPayload(msgspec.Struct, kw_only=True):
    """What Pilothouse sent the agent (its prompt)."""

    text: str


class TextPayload(msgspec.Struct, kw_only=True):
    """Assistant text (markdown), or a thinking block's text."""

    text: str
    truncated: bool = False


class ToolUsePayload(msgspec.Struct, kw_only=True):
    tool_use_id: str
    name: str
    input: dict[str, Any]
    truncated: bool = False


class ToolResultPayload(msgspec.Struct, kw_only=True):
    tool_use_id: str
    content: str
    is_error: bool = False
    truncated: bool = False


class ResultPayload(msgspec.Struct, kw_only=True):
    """The end of an agent run, from the SDK's ResultMessage."""

    subtype: str
    is_error: bool
    cost_usd: float
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_creation_tokens: int
    turns: int
    duration_ms: int
    result: str | None = None
    cancelled: bool = False
    """The run ended because the user cancelled it: the SDK then reports an error
    (`error_during_execution`) that is no failure. Older events lack it (false)."""

    @property
    def outcome(self) -> str:
        """How the run ended, in words: `cancelled`, `failed` (with the SDK's subtype when
        it says more than `success`, which it also reports for some failures), or the
        subtype of a run that succeeded. The web UI's describe.ts words it the same way."""
        if self.cancelled:
            return "cancelled"
        if self.is_error:
            return "failed" if self.subtype == "success" else f"failed ({self.subtype})"
        return self.subtype


class StderrPayload(msgspec.Struct, kw_only=True):
    line: str


class ErrorPayload(msgspec.Struct, kw_only=True):
    """Something went wrong outside the agent's own messages (crash, cancel, timeout)."""

    message: str


WorkspaceAction = Literal[
    "created",
    "recreated",
    "in_place",
    "files_copied",
    "setup_started",
    "setup_finished",
    "setup_failed",
    "base_merged",
    "conflicts",
    "merged",
    "removed",
    "branch_deleted",
]


class WorkspacePayload(msgspec.Struct, kw_only=True):
    """Something happened to the session's worktree or branch (docs/api.md lists what
    each `action` sets). Session-level: its event has no agent_id."""

    action: WorkspaceAction
    path: str | None = None
    """The worktree (or, for `in_place`, the project directory the agents work in)."""
    branch: str | None = None
    base_ref: str | None = None
    base_commit: str | None = None
    commit: str | None = None
    """`merged`: the commit the base branch now points at; `base_merged`: the merge
    commit on the session's branch."""
    strategy: MergeStrategy | None = None
    command: str | None = None
    exit_code: int | None = None
    duration_ms: int | None = None
    files: list[str] = []
    """`files_copied`: the files copied; `conflicts`: the conflicting files."""
    missing: list[str] = []
    """`files_copied`: configured files the main checkout does not have."""
    reason: str | None = None
    """`removed`: approve, discard, keep or prune; `setup_failed`: the output's tail."""


class SetupOutputPayload(msgspec.Struct, kw_only=True):
    """One line the setup command printed (stdout and stderr together, in order)."""

    line: str


class CommitPayload(msgspec.Struct, kw_only=True):
    """A commit the orchestrator made on the session's branch."""

    sha: str
    parent: str
    kind: CommitKind
    phase: AgentKind | None = None
    agent_id: int | None = None
    message: str
    files: int
    insertions: int
    deletions: int
