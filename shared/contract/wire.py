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
    AgentRound,
    AgentStatus,
    ChecksState,
    ModelMode,
    PipelinePhase,
    ProjectStatus,
    SessionStatus,
    Supervision,
)
from shared.contract.permissions import PermissionRequestView

T = TypeVar("T")

TEXT_PATTERN = r"^[^\u0000]*$"
"""Text without NUL characters, which PostgreSQL's text columns cannot store."""
BLANKS = (
    r"\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""The characters `str.strip()` removes (`str.isspace()`), for a character class. Spelled
out rather than `\\s`, which a JSON Schema reader (ECMAScript) and hypothesis's generator
each read differently from Python (`\\x1f`, `\\ufeff`)."""
VISIBLE_TEXT_PATTERN = rf"^[{BLANKS}]*[^{BLANKS}\u0000][^\u0000]*$"
"""Text without NUL characters that is not blank: something besides BLANKS."""
ABSOLUTE_PATH_PATTERN = r"^[/~][^\u0000]*$"
"""An absolute path, or one from a home directory (`~`, `~user`), without NUL."""
RELATIVE_PATH_PATTERN = (
    r"^(?:\./+)*(?:[^/\\\u0000.][^/\\\u0000]*|\.[^/\\\u0000.][^/\\\u0000]*|\.\.[^/\\\u0000]+)"
    r"(?:/(?:[^/\\\u0000.][^/\\\u0000]*|\.[^/\\\u0000.][^/\\\u0000]*|\.\.[^/\\\u0000]+|\.)?)*$"
)
"""A relative path that names something below its directory: no leading `/`, no `..`
component, no backslash or NUL, and at least one component besides `.`."""
REF_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
"""How a request names a project or session: a slug, or a numeric id (see shared/refs.py)."""

SLUG_PATTERN = r"^([a-z]|[0-9]+[a-z-])[a-z0-9-]*$"
"""Lowercase letters, digits and `-`, not all digits (that reads as an id)."""
GIT_REVISION_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9._/@+-]*$"

Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=SLUG_PATTERN)]
Ref = Annotated[str, msgspec.Meta(pattern=REF_PATTERN)]
NonEmpty = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=TEXT_PATTERN)]
Description = Annotated[str, msgspec.Meta(max_length=2000, pattern=TEXT_PATTERN)]
PathText = Annotated[
    str, msgspec.Meta(min_length=1, max_length=4096, pattern=ABSOLUTE_PATH_PATTERN)
]
Prompt = Annotated[str, msgspec.Meta(min_length=1, pattern=VISIBLE_TEXT_PATTERN)]
"""Prompts have no schema maximum: the orchestrator answers 413 past its configured size."""
GitRevision = Annotated[
    str, msgspec.Meta(min_length=1, max_length=255, pattern=GIT_REVISION_PATTERN)
]
"""A branch name or a commit. It cannot start with `-`, so git never reads it as an option."""
BudgetUsd = Annotated[float, msgspec.Meta(gt=0, le=100_000)]
"""A spending limit in US dollars."""
SetupFile = Annotated[
    str, msgspec.Meta(min_length=1, max_length=1024, pattern=RELATIVE_PATH_PATTERN)
]
"""A path relative to the project's main checkout (a symlink out of it is refused too)."""
SetupFiles = Annotated[list[SetupFile], msgspec.Meta(max_length=100)]
SetupCommand = Annotated[str, msgspec.Meta(max_length=4096, pattern=TEXT_PATTERN)]
"""A shell command (`/bin/sh -c`); empty clears it."""
FixRounds = Annotated[int, msgspec.Meta(ge=0, le=10)]


# --------------------------------------------------------------------------- views


class ProjectView(msgspec.Struct, kw_only=True):
    id: int
    slug: str
    name: str
    path: str
    description: str | None
    status: ProjectStatus
    default_branch: str | None
    setup_files: list[str] = []
    """Untracked files copied from the main checkout into each new worktree (`.env`)."""
    setup_command: str | None = None
    """Run in each new worktree before its first agent (`uv sync`); output is journaled."""
    fix_rounds: int = 2
    """How many fix rounds a failing required gate gets before the session waits in review."""
    supervision: Supervision = Supervision.AUTONOMOUS
    """Its sessions' default: autonomous, or supervised (risky tool calls wait for the user)."""
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
    # The fields below have defaults only so that `session_changed` payloads journaled
    # before worktrees existed still decode; every answer and new event carries them.
    isolated: bool = False
    """True: agents work in a worktree on `branch`. False: the project is not a git
    repository (or the session predates worktrees) and agents work in it in place."""
    base_ref: str | None = None
    """The base branch approve merges into (null when the base was a commit)."""
    base_commit: str | None = None
    """The commit the session's changes are measured from (moves when resolve merges
    the base branch in)."""
    branch: str | None = None
    """`pilothouse/<slug>`; null for sessions that are not isolated."""
    worktree: str | None = None
    """The worktree's directory while it exists (null before it is made and once removed)."""
    head_commit: str | None = None
    """The session branch's last commit made by Pilothouse."""
    merged_commit: str | None = None
    """After approve: the commit the base branch was moved to."""
    files_changed: int = 0
    insertions: int = 0
    deletions: int = 0
    """The whole session's change against base_commit."""
    worktree_bytes: int | None = None
    """Disk used by the worktree when last measured (after each commit), if it exists."""
    checks: ChecksState | None = None
    """The project's gates on the session's latest check run: running, passed (every
    required gate), failed; null while none has run."""
    checks_overridden: bool = False
    """Approved with a red required gate: the user's explicit override, recorded."""
    max_budget_usd: float | None = None
    """The session's spending limit in US dollars (null: none)."""
    unfenced: bool = False
    """True once one of its agents ran without the agent fence (PILOTHOUSE_UNFENCED)."""
    supervision: Supervision = Supervision.AUTONOMOUS
    """Supervised: its agents' tool calls outside the pre-approved set wait for the user."""
    pending_requests: int = 0
    """Permission requests waiting for the user's answer: the session *needs you*."""
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
    round: AgentRound | None = None
    """Set for a round outside the pipeline's order (resolve, fix, comments, follow_up);
    null for pipeline phases and debug agents."""
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
    unfenced: bool = False
    """True: it ran without the agent fence (PILOTHOUSE_UNFENCED)."""
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
    requests: list[PermissionRequestView] = []
    """Its pending permission requests, oldest first (supervised sessions)."""


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
    setup_files: SetupFiles | None = None
    setup_command: SetupCommand | None = None
    fix_rounds: FixRounds | None = None
    supervision: Supervision | None = None
    """Default: autonomous."""


class UpdateProject(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Fields left out stay; `setup_files: []` and `setup_command: ""` clear them."""

    name: NonEmpty | None = None
    description: Description | None = None
    default_branch: NonEmpty | None = None
    setup_files: SetupFiles | None = None
    setup_command: SetupCommand | None = None
    fix_rounds: FixRounds | None = None
    supervision: Supervision | None = None


class StartSession(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Start a workflow on a project (given by slug or numeric id)."""

    project: Ref
    prompt: Prompt
    title: NonEmpty | None = None
    phases: Annotated[list[PipelinePhase], msgspec.Meta(min_length=1)] | None = None
    """Defaults to spec, plan, build, docs; each once, run in that order whatever the order
    given."""
    base: GitRevision | None = None
    """Branch or commit the session's branch starts from (git projects only). Default:
    the branch checked out in the project's main checkout."""
    max_budget_usd: BudgetUsd | None = None
    """The session's spending limit in US dollars: once its agents have spent it, the
    session stops (failed, saying so). Default: in Claude mode the orchestrator's
    PILOTHOUSE_SESSION_BUDGET_USD, in scripted mode none."""
    supervision: Supervision | None = None
    """Default: the project's supervision."""


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
