"""Payload shapes of the agent-log kinds of `events` (the `*_changed` kinds carry views).

The orchestrator encodes these with `msgspec.to_builtins`; clients get them typed by
decoding events as `shared.contract.events.EventView`, whose variant of each kind names
its payload.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from shared.contract.enums import AgentKind

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


class StderrPayload(msgspec.Struct, kw_only=True):
    line: str


class ErrorPayload(msgspec.Struct, kw_only=True):
    """Something went wrong outside the agent's own messages (crash, cancel, timeout)."""

    message: str
