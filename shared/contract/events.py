"""Journal rows on the wire: one EventView variant per EventKind, tagged by `kind`.

`EventView` is a msgspec tagged union, so a client decodes an event, its payload typed,
in one step (`msgspec.json.decode(data, type=EventView)`), then narrows by kind:
`if event.kind is EventKind.TEXT: event.payload.text` (mypy narrows on the `kind`
literal; `isinstance(event, TextEvent)` and `match` work too). The `*_changed` kinds
carry the view of the changed row; the agent-log kinds the payloads of payloads.py.

The read service builds variants from rows without decoding the payload
(shared/db/event_rows.py): msgspec checks types on decode, never on encode, so a
variant's `payload` may hold the row's JSON as it came from the database.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal, get_args

import msgspec

from shared.contract.enums import EventKind
from shared.contract.payloads import (
    CommentPayload,
    CommitPayload,
    ErrorPayload,
    GateOutputPayload,
    GatePayload,
    PhasePayload,
    ResultPayload,
    SetupOutputPayload,
    StderrPayload,
    SystemPayload,
    TextPayload,
    ToolResultPayload,
    ToolUsePayload,
    UserPayload,
    WorkspacePayload,
)
from shared.contract.permissions import PermissionRequestView
from shared.contract.wire import AgentView, ProjectView, SessionView


class EventBase(msgspec.Struct, kw_only=True, tag_field="kind"):
    """One journal row. `position` is its place in the feed (events are delivered in
    position order); `token` is the same as a string: resume strictly after it.

    `kind` is the tag msgspec writes first; on a variant it is also a class attribute,
    typed as that variant's literal kind, which is what lets type checkers narrow."""

    kind: ClassVar[EventKind]
    id: int
    position: int
    token: str
    project_id: int | None
    session_id: int | None
    agent_id: int | None
    created_at: datetime


class ProjectChanged(EventBase, kw_only=True, tag=EventKind.PROJECT_CHANGED.value):
    kind: ClassVar[Literal[EventKind.PROJECT_CHANGED]] = EventKind.PROJECT_CHANGED
    payload: ProjectView


class SessionChanged(EventBase, kw_only=True, tag=EventKind.SESSION_CHANGED.value):
    kind: ClassVar[Literal[EventKind.SESSION_CHANGED]] = EventKind.SESSION_CHANGED
    payload: SessionView


class AgentChanged(EventBase, kw_only=True, tag=EventKind.AGENT_CHANGED.value):
    kind: ClassVar[Literal[EventKind.AGENT_CHANGED]] = EventKind.AGENT_CHANGED
    payload: AgentView


class PermissionChanged(EventBase, kw_only=True, tag=EventKind.PERMISSION_CHANGED.value):
    kind: ClassVar[Literal[EventKind.PERMISSION_CHANGED]] = EventKind.PERMISSION_CHANGED
    payload: PermissionRequestView


class PhaseEvent(EventBase, kw_only=True, tag=EventKind.PHASE.value):
    kind: ClassVar[Literal[EventKind.PHASE]] = EventKind.PHASE
    payload: PhasePayload


class SystemEvent(EventBase, kw_only=True, tag=EventKind.SYSTEM.value):
    kind: ClassVar[Literal[EventKind.SYSTEM]] = EventKind.SYSTEM
    payload: SystemPayload


class UserEvent(EventBase, kw_only=True, tag=EventKind.USER.value):
    kind: ClassVar[Literal[EventKind.USER]] = EventKind.USER
    payload: UserPayload


class TextEvent(EventBase, kw_only=True, tag=EventKind.TEXT.value):
    kind: ClassVar[Literal[EventKind.TEXT]] = EventKind.TEXT
    payload: TextPayload


class ThinkingEvent(EventBase, kw_only=True, tag=EventKind.THINKING.value):
    kind: ClassVar[Literal[EventKind.THINKING]] = EventKind.THINKING
    payload: TextPayload


class ToolUseEvent(EventBase, kw_only=True, tag=EventKind.TOOL_USE.value):
    kind: ClassVar[Literal[EventKind.TOOL_USE]] = EventKind.TOOL_USE
    payload: ToolUsePayload


class ToolResultEvent(EventBase, kw_only=True, tag=EventKind.TOOL_RESULT.value):
    kind: ClassVar[Literal[EventKind.TOOL_RESULT]] = EventKind.TOOL_RESULT
    payload: ToolResultPayload


class ResultEvent(EventBase, kw_only=True, tag=EventKind.RESULT.value):
    kind: ClassVar[Literal[EventKind.RESULT]] = EventKind.RESULT
    payload: ResultPayload


class StderrEvent(EventBase, kw_only=True, tag=EventKind.STDERR.value):
    kind: ClassVar[Literal[EventKind.STDERR]] = EventKind.STDERR
    payload: StderrPayload


class ErrorEvent(EventBase, kw_only=True, tag=EventKind.ERROR.value):
    kind: ClassVar[Literal[EventKind.ERROR]] = EventKind.ERROR
    payload: ErrorPayload


class WorkspaceEvent(EventBase, kw_only=True, tag=EventKind.WORKSPACE.value):
    kind: ClassVar[Literal[EventKind.WORKSPACE]] = EventKind.WORKSPACE
    payload: WorkspacePayload


class SetupOutputEvent(EventBase, kw_only=True, tag=EventKind.SETUP_OUTPUT.value):
    kind: ClassVar[Literal[EventKind.SETUP_OUTPUT]] = EventKind.SETUP_OUTPUT
    payload: SetupOutputPayload


class CommitEvent(EventBase, kw_only=True, tag=EventKind.COMMIT.value):
    kind: ClassVar[Literal[EventKind.COMMIT]] = EventKind.COMMIT
    payload: CommitPayload


class GateEvent(EventBase, kw_only=True, tag=EventKind.GATE.value):
    kind: ClassVar[Literal[EventKind.GATE]] = EventKind.GATE
    payload: GatePayload


class GateOutputEvent(EventBase, kw_only=True, tag=EventKind.GATE_OUTPUT.value):
    kind: ClassVar[Literal[EventKind.GATE_OUTPUT]] = EventKind.GATE_OUTPUT
    payload: GateOutputPayload


class CommentEvent(EventBase, kw_only=True, tag=EventKind.COMMENT.value):
    kind: ClassVar[Literal[EventKind.COMMENT]] = EventKind.COMMENT
    payload: CommentPayload


EventView = (
    ProjectChanged
    | SessionChanged
    | AgentChanged
    | PermissionChanged
    | PhaseEvent
    | SystemEvent
    | UserEvent
    | TextEvent
    | ThinkingEvent
    | ToolUseEvent
    | ToolResultEvent
    | ResultEvent
    | StderrEvent
    | ErrorEvent
    | WorkspaceEvent
    | SetupOutputEvent
    | CommitEvent
    | GateEvent
    | GateOutputEvent
    | CommentEvent
)
"""Any journal row, as the REST pages, the `events` frames and retention archives show it."""

EVENT_TYPES: dict[EventKind, type[EventView]] = {
    variant.kind: variant for variant in get_args(EventView)
}
"""The variant of each kind: what a row of that kind is built as."""
