"""Wire types of supervised mode: an agent's permission requests and the user's answers.

In a supervised session an agent's tool call outside the pre-approved set (Bash, MCP
tools, writes outside its workspace), and every question it asks the user (its ask-user
tool), waits as a permission request until the user answers it through the
orchestrator (docs/architecture.md, "Supervised mode"). Each change of a request is
journaled as a `permission_changed` event carrying its view.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

from shared.contract.enums import PermissionDecision, PermissionKind, PermissionStatus

TEXT_PATTERN = r"^[^\u0000]*$"
AnswerMessage = Annotated[str, msgspec.Meta(max_length=4000, pattern=TEXT_PATTERN)]
AnswerText = Annotated[str, msgspec.Meta(max_length=4000, pattern=TEXT_PATTERN)]
Answers = Annotated[dict[AnswerText, AnswerText], msgspec.Meta(max_length=50)]


class PermissionRequestView(msgspec.Struct, kw_only=True):
    """One tool call or question of a supervised agent waiting for (or given) an answer."""

    id: int
    session_id: int
    agent_id: int | None
    kind: PermissionKind
    tool_name: str
    tool_input: dict[str, Any]
    reason: str | None
    """What the agent said it wants the call for (a Bash call's `description`), if it did."""
    questions: list[dict[str, Any]] = []
    """The ask-user tool's questions (`question`, `header`, `options`, `multiSelect`);
    empty for a tool request."""
    status: PermissionStatus
    decision: PermissionDecision | None
    message: str | None
    """The words the agent was given with a deny (the user's, or why it expired)."""
    answers: dict[str, str] | None
    """For a question: each question's answer, by question text."""
    created_at: datetime
    answered_at: datetime | None
    expires_at: datetime
    """When an unanswered request is denied (PILOTHOUSE_PERMISSION_TIMEOUT_S)."""


class AnswerRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The user's answer to a pending permission request.

    A question is answered with `allow_once` and `answers` (question text → answer), or
    declined with `deny`."""

    decision: PermissionDecision
    message: AnswerMessage | None = None
    """With deny: what the agent is told (default: that the user denied it)."""
    answers: Answers | None = None
