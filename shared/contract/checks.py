"""Wire types of checks and conversation: a project's QA gates, a session's gate results,
review comments on its diff, and follow-up messages.

Gates are commands run in a session's worktree after its build agent and after every
later round (docs/architecture.md, "Checks"); their results are stored per run. Comments
name lines of one side of a file's diff; request changes sends the unresolved ones to a
new round of the build agent, a follow-up message starts one with the user's words.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from shared.contract.enums import ChecksState, DiffSide, GateOutcome
from shared.contract.wire import TEXT_PATTERN, VISIBLE_TEXT_PATTERN, Prompt

GateName = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._:+-]*$"),
]
"""`tests`, `make test`, `ruff`: letters, digits, spaces and `._:+-`; unique per project."""
GateCommand = Annotated[str, msgspec.Meta(max_length=4096, pattern=VISIBLE_TEXT_PATTERN)]
"""A shell command (`/bin/sh -c`); blank is refused."""
GateTimeout = Annotated[int, msgspec.Meta(gt=0, le=86_400)]
"""Seconds; the whole process group is killed past it."""
CommentBody = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000, pattern=TEXT_PATTERN)]
Line = Annotated[int, msgspec.Meta(ge=1, le=10_000_000)]
Position = Annotated[int, msgspec.Meta(ge=-1_000_000, le=1_000_000)]
"""Where a gate runs among its project's gates (ascending)."""
DEFAULT_GATE_TIMEOUT = 600


class GateView(msgspec.Struct, kw_only=True):
    """One QA gate of a project."""

    id: int
    project_id: int
    name: str
    command: str
    timeout_seconds: int
    required: bool
    """A red required gate gets fix rounds, and approve then needs an override."""
    position: int
    """Gates run in ascending position (then id)."""
    enabled: bool
    proposed: bool
    """Proposed by Pilothouse at registration from what the project has; off until enabled."""
    created_at: datetime
    updated_at: datetime


class CreateGate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: GateName
    command: GateCommand
    timeout_seconds: GateTimeout = DEFAULT_GATE_TIMEOUT
    required: bool = True
    enabled: bool = True
    position: Position | None = None
    """Default: after the project's last gate."""


class UpdateGate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Fields left out stay."""

    name: GateName | None = None
    command: GateCommand | None = None
    timeout_seconds: GateTimeout | None = None
    required: bool | None = None
    enabled: bool | None = None
    position: Position | None = None


class GateResultView(msgspec.Struct, kw_only=True):
    """One gate's run in a session's worktree."""

    id: int
    session_id: int
    agent_id: int | None
    """The agent whose work was checked."""
    gate_id: int | None
    run: int
    """The session's check run (1 after the build agent, then one per round)."""
    name: str
    command: str
    required: bool
    outcome: GateOutcome
    exit_code: int | None
    """Null when it did not exit by itself (timed out, cancelled, could not start)."""
    duration_ms: int
    tail: str
    """Its output's last lines."""
    created_at: datetime


class Checks(msgspec.Struct, kw_only=True):
    """A session's checks: the state of its latest run and every result, oldest first."""

    session_id: int
    state: ChecksState | None
    overridden: bool
    results: list[GateResultView]


class CommentView(msgspec.Struct, kw_only=True):
    """A review comment on lines `line_start` to `line_end` of one side of a file's diff."""

    id: int
    session_id: int
    path: str
    side: DiffSide
    line_start: int
    line_end: int
    body: str
    excerpt: str
    """The commented lines as the diff showed them when the comment was written."""
    resolved: bool
    sent_to: int | None
    """The round (agent id) request changes last sent it to."""
    created_at: datetime
    updated_at: datetime


class AddComment(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    path: Annotated[str, msgspec.Meta(min_length=1, max_length=4096, pattern=TEXT_PATTERN)]
    line_start: Line
    line_end: Line | None = None
    """Default: line_start (one line)."""
    side: DiffSide = DiffSide.NEW
    body: CommentBody


class UpdateComment(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    body: CommentBody | None = None
    resolved: bool | None = None


class FollowUp(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A message to the session's build agent: a new round in its conversation."""

    message: Prompt
