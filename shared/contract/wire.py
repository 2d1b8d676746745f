"""Wire types shared by both services, the CLI and the web UI: views and commands.

Views are what the read service returns and what `*_changed` events carry in their
payload (`msgspec.to_builtins(view)`), so a live update and a REST read look the same.
Commands are the orchestrator's request bodies; msgspec validates them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import msgspec

from shared.contract.enums import (
    AgentKind,
    AgentStatus,
    ModelMode,
    ProjectStatus,
    SessionStatus,
)

T = TypeVar("T")

TEXT_PATTERN = r"^[^\u0000]*$"
"""Text without NUL characters, which PostgreSQL's text columns cannot store."""
REF_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
"""How a request names a project or session: a slug, or a numeric id (see shared/refs.py)."""

Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Ref = Annotated[str, msgspec.Meta(pattern=REF_PATTERN)]
NonEmpty = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=TEXT_PATTERN)]
Description = Annotated[str, msgspec.Meta(max_length=2000, pattern=TEXT_PATTERN)]
PathText = Annotated[str, msgspec.Meta(min_length=1, max_length=4096)]
Prompt = Annotated[str, msgspec.Meta(min_length=1, pattern=TEXT_PATTERN)]
"""Prompts have no schema maximum: the orchestrator answers 413 past its configured size."""


# --------------------------------------------------------------------------- views


class ProjectView(msgspec.Struct, kw_only=True):
    id: int
    slug: str
    name: str
    path: str
    description: str | None
    status: ProjectStatus
    default_branch: str | None
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None


class Usage(msgspec.Struct, kw_only=True):
    """Cost and token totals of an agent, or of a session (the sum of its agents)."""

    cost_usd: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0
    turns: int = 0


class SessionView(msgspec.Struct, kw_only=True):
    id: int
    slug: str
    project_id: int
    title: str
    prompt: str
    status: SessionStatus
    current_phase: AgentKind | None
    phases: list[AgentKind]
    artifact_dir: str
    model_mode: ModelMode
    cost_usd: float
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_creation_tokens: int
    turns: int
    error: str | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class AgentView(msgspec.Struct, kw_only=True):
    id: int
    session_id: int
    kind: AgentKind
    status: AgentStatus
    claude_session_id: str | None
    resumed_from: int | None
    model: str | None
    prompt: str
    cost_usd: float
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_creation_tokens: int
    turns: int
    duration_ms: int
    error: str | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class RetentionView(msgspec.Struct, kw_only=True):
    """Events of a session that the retention command removed (docs/operations.md)."""

    horizon: str
    """Token of the last position removed: the session's event pages and its feed topic
    start after it."""
    events_removed: int
    archive: str | None
    """The file (JSON Lines, gzip) they were written to, if they were archived."""
    started_at: datetime
    finished_at: datetime | None
    """Null while a retention run is still removing them."""


class SessionDetail(msgspec.Struct, kw_only=True):
    """A session with its project and agents, consistent with feed position `token`."""

    session: SessionView
    project: ProjectView
    agents: list[AgentView]
    token: str
    retention: RetentionView | None = None
    """Set when old events of the session were removed by retention."""


class Page(msgspec.Struct, Generic[T], kw_only=True):
    """A page of a list. `next` fetches the following page; `token` is the feed position
    the page is consistent with (subscribe after it to miss nothing)."""

    items: list[T]
    next: str | None
    token: str


class ErrorBody(msgspec.Struct, kw_only=True):
    """Every 4xx/5xx body of both services."""

    status_code: int
    detail: str
    extra: dict[str, Any] | list[Any] | None = None


# ------------------------------------------------------------------------ commands


class RegisterProject(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    path: PathText
    name: NonEmpty | None = None
    slug: Slug | None = None
    description: Description | None = None


class UpdateProject(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: NonEmpty | None = None
    description: Description | None = None
    default_branch: NonEmpty | None = None


class StartSession(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Start a workflow on a project (given by slug or numeric id)."""

    project: Ref
    prompt: Prompt
    title: NonEmpty | None = None
    phases: list[AgentKind] | None = None
    """Defaults to spec, plan, build, docs; must be a subsequence of that order."""


class RetryPhase(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    phase: AgentKind


class StartDebug(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    prompt: Prompt


class Accepted(msgspec.Struct, kw_only=True):
    """Answer to a command that continues in the background (HTTP 202)."""

    id: int
    slug: str
    status: str
    token: str
    """Feed position just before the command's own writes: subscribe after it to see them."""
