"""The database schema: SQLModel table models, the source of truth for migrations.

Runtime code reads and writes with plain psycopg; these models define the tables,
constraints and indexes that alembic migrations create (a test checks they agree).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Field, SQLModel

# The NOTIFY channel lives with the feed cursor; re-exported here where it used to be.
from shared.contract.cursor import DOORBELL_CHANNEL as DOORBELL_CHANNEL  # noqa: PLC0414
from shared.contract.enums import (
    PIPELINE,
    AgentKind,
    AgentRound,
    AgentStatus,
    ChecksState,
    CommitKind,
    DiffSide,
    EventKind,
    FileStatus,
    GateOutcome,
    ModelMode,
    PermissionDecision,
    PermissionKind,
    PermissionStatus,
    ProjectStatus,
    SessionStatus,
    Supervision,
)
from shared.db.feed_positions import CHANGE_KINDS_SQL
from shared.db.search_vector import SEARCH_VECTOR_SQL

MAX_PAYLOAD_BYTES = 256 * 1024
"""Hard bound on one event's stored payload; the journal truncates long fields first."""


class Xid8(sa.types.UserDefinedType[int]):
    """PostgreSQL's 64-bit transaction id type (`xid8`)."""

    cache_ok = True

    def get_col_spec(self, **_: Any) -> str:
        return "xid8"


# Let reflection (alembic's schema comparison) recognise the column type too.
pg.base.ischema_names["xid8"] = Xid8


def _choice(enum: type[StrEnum], name: str) -> sa.Enum:
    """A text column constrained by a CHECK to the enum's values."""
    return sa.Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [member.value for member in e],
        validate_strings=True,
    )


def _id() -> Any:
    return Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.Identity(always=False), primary_key=True),
    )


def _ref(target: str, *, nullable: bool, ondelete: str = "CASCADE") -> Any:
    return Field(
        default=None,
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
        ),
    )


def _now(*, nullable: bool = False) -> Any:
    server_default = None if nullable else sa.text("now()")
    return Field(
        default=None,
        sa_column=sa.Column(
            sa.DateTime(timezone=True), nullable=nullable, server_default=server_default
        ),
    )


def _money() -> Any:
    return Field(
        default=0,
        sa_column=sa.Column(sa.Double, nullable=False, server_default="0"),
    )


def _count() -> Any:
    return Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))


def _text(*, nullable: bool = True) -> Any:
    return Field(default=None, sa_column=sa.Column(sa.Text, nullable=nullable))


def _flag() -> Any:
    return Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default="false")
    )


def _supervision(name: str) -> Any:
    return Field(
        default=Supervision.AUTONOMOUS,
        sa_column=sa.Column(
            _choice(Supervision, name), nullable=False, server_default=Supervision.AUTONOMOUS.value
        ),
    )


class Project(SQLModel, table=True):
    """A registered codebase."""

    __tablename__ = "projects"

    id: int | None = _id()
    slug: str = Field(sa_column=sa.Column(sa.Text, nullable=False, unique=True))
    name: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    path: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    description: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    status: ProjectStatus = Field(
        sa_column=sa.Column(
            _choice(ProjectStatus, "project_status"), nullable=False, server_default="ready"
        )
    )
    default_branch: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    setup_files: list[str] = Field(
        default_factory=list,
        sa_column=sa.Column(
            pg.ARRAY(sa.Text), nullable=False, server_default=sa.text("'{}'::text[]")
        ),
    )
    """Untracked files copied from the main checkout into each new worktree."""
    setup_command: str | None = _text()
    """Shell command run in each new worktree before its first agent."""
    fix_rounds: int = Field(
        default=2, sa_column=sa.Column(sa.Integer, nullable=False, server_default="2")
    )
    """How many fix rounds a failing required gate gets before the session waits in review."""
    supervision: Supervision = _supervision("project_supervision")
    """Its sessions' default supervision."""
    created_at: datetime | None = _now()
    updated_at: datetime | None = _now()
    archived_at: datetime | None = _now(nullable=True)


class Session(SQLModel, table=True):
    """One workflow (spec → plan → build → docs) on one project."""

    __tablename__ = "sessions"
    __table_args__ = (
        sa.CheckConstraint(
            "cardinality(phases) > 0 AND phases <@ ARRAY["
            + ", ".join(f"'{kind.value}'" for kind in PIPELINE)
            + "]::text[]",
            name="ck_sessions_phases",
        ),
        sa.Index("ix_sessions_created", sa.text("created_at DESC"), sa.text("id DESC")),
        sa.Index(
            "ix_sessions_project_created",
            "project_id",
            sa.text("created_at DESC"),
            sa.text("id DESC"),
        ),
        sa.Index(
            "ix_sessions_status_created", "status", sa.text("created_at DESC"), sa.text("id DESC")
        ),
        sa.Index(
            "ix_sessions_queue",
            "created_at",
            "id",
            postgresql_where=sa.text("status = 'queued'"),
        ),
    )

    id: int | None = _id()
    slug: str = Field(sa_column=sa.Column(sa.Text, nullable=False, unique=True))
    project_id: int = _ref("projects.id", nullable=False, ondelete="RESTRICT")
    title: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    prompt: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    status: SessionStatus = Field(
        sa_column=sa.Column(
            _choice(SessionStatus, "session_status"), nullable=False, server_default="queued"
        )
    )
    current_phase: AgentKind | None = Field(
        default=None, sa_column=sa.Column(_choice(AgentKind, "session_phase"), nullable=True)
    )
    phases: list[str] = Field(sa_column=sa.Column(pg.ARRAY(sa.Text), nullable=False))
    artifact_dir: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    model_mode: ModelMode = Field(
        sa_column=sa.Column(_choice(ModelMode, "session_model_mode"), nullable=False)
    )
    cost_usd: float = _money()
    input_tokens: int = _count()
    output_tokens: int = _count()
    cache_read_tokens: int = _count()
    cache_creation_tokens: int = _count()
    turns: int = _count()
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    worker_id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, nullable=True))
    """Orchestrator process that has claimed the session while it runs."""
    isolated: bool = _flag()
    """Agents work in a worktree on `branch`; false: in the project directory itself."""
    base_ref: str | None = _text()
    base_commit: str | None = _text()
    branch: str | None = _text()
    worktree: str | None = _text()
    """The worktree's directory while it exists on disk."""
    workspace_ready: bool = _flag()
    """The worktree exists and its setup (files, command) has succeeded."""
    head_commit: str | None = _text()
    merged_commit: str | None = _text()
    files_changed: int = _count()
    insertions: int = _count()
    deletions: int = _count()
    worktree_bytes: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, nullable=True)
    )
    checks: ChecksState | None = Field(
        default=None, sa_column=sa.Column(_choice(ChecksState, "session_checks"), nullable=True)
    )
    """The gates of its latest check run as a whole; null before any ran."""
    checks_overridden: bool = _flag()
    """Approved although a required gate was red: the user said so explicitly."""
    unfenced: bool = _flag()
    """One of its agents ran without the agent fence (PILOTHOUSE_UNFENCED)."""
    max_budget_usd: float | None = Field(
        default=None, sa_column=sa.Column(sa.Double, nullable=True)
    )
    """The session's spending limit in US dollars; null: none."""
    supervision: Supervision = _supervision("session_supervision")
    pending_requests: int = _count()
    """Its permission requests waiting for an answer (kept with them, in one transaction)."""
    created_at: datetime | None = _now()
    updated_at: datetime | None = _now()
    started_at: datetime | None = _now(nullable=True)
    finished_at: datetime | None = _now(nullable=True)


class Agent(SQLModel, table=True):
    """One Claude invocation within a session."""

    __tablename__ = "agents"
    __table_args__ = (sa.Index("ix_agents_session", "session_id", "id"),)

    id: int | None = _id()
    session_id: int = _ref("sessions.id", nullable=False)
    kind: AgentKind = Field(sa_column=sa.Column(_choice(AgentKind, "agent_kind"), nullable=False))
    status: AgentStatus = Field(
        sa_column=sa.Column(
            _choice(AgentStatus, "agent_status"), nullable=False, server_default="queued"
        )
    )
    claude_session_id: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    resumed_from: int | None = _ref("agents.id", nullable=True, ondelete="SET NULL")
    round: AgentRound | None = Field(
        default=None, sa_column=sa.Column(_choice(AgentRound, "agent_round"), nullable=True)
    )
    model: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    prompt: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    cost_usd: float = _money()
    input_tokens: int = _count()
    output_tokens: int = _count()
    cache_read_tokens: int = _count()
    cache_creation_tokens: int = _count()
    turns: int = _count()
    duration_ms: int = _count()
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    unfenced: bool = _flag()
    """It ran without the agent fence (PILOTHOUSE_UNFENCED)."""
    created_at: datetime | None = _now()
    updated_at: datetime | None = _now()
    started_at: datetime | None = _now(nullable=True)
    finished_at: datetime | None = _now(nullable=True)


class Event(SQLModel, table=True):
    """The append-only journal and change feed: read in `position` order, never updated.

    `position` has no default on purpose: a row gets one only from the feed counter,
    taken as its transaction's last step (shared/db/feed_positions.py)."""

    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint(
            f"pg_column_size(payload) <= {MAX_PAYLOAD_BYTES}", name="ck_events_payload_size"
        ),
        sa.Index("ix_events_session", "session_id", "position"),
        sa.Index("ix_events_agent", "agent_id", "position"),
        sa.Index(
            "ix_events_changes", "kind", "position", postgresql_where=sa.text(CHANGE_KINDS_SQL)
        ),
        sa.Index(
            "ix_events_project_changes",
            "project_id",
            "position",
            postgresql_where=sa.text(CHANGE_KINDS_SQL),
        ),
        sa.Index("ix_events_search", "search_vector", postgresql_using="gin"),
        sa.Index(
            "ix_events_tool_use",
            sa.text("(payload ->> 'tool_use_id')"),
            postgresql_where=sa.text("kind = 'tool_use'"),
        ),
    )

    position: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True, autoincrement=False))
    id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.BigInteger, sa.Identity(always=False), nullable=False),
    )
    """A row's identity, independent of its position (old `<xid>-<id>` tokens name it)."""
    project_id: int | None = _ref("projects.id", nullable=True)
    session_id: int | None = _ref("sessions.id", nullable=True)
    agent_id: int | None = _ref("agents.id", nullable=True)
    kind: EventKind = Field(sa_column=sa.Column(_choice(EventKind, "event_kind"), nullable=False))
    payload: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=sa.Column(pg.JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    )
    created_at: datetime | None = _now()
    search_vector: Any = Field(
        default=None,
        sa_column=sa.Column(
            pg.TSVECTOR,
            sa.Computed(SEARCH_VECTOR_SQL, persisted=True),
            nullable=True,
        ),
    )
    """What full-text search matches (migration 0009): computed by PostgreSQL from the
    row, never written by anyone; null for kinds with no searchable text."""


class FeedCounter(SQLModel, table=True):
    """The one row every event-writing transaction updates last: the feed's end."""

    __tablename__ = "feed_counter"
    __table_args__ = (sa.CheckConstraint("id", name="ck_feed_counter_single_row"),)

    id: bool = Field(
        default=True,
        sa_column=sa.Column(sa.Boolean, primary_key=True, server_default=sa.true()),
    )
    last_position: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    """The highest position handed out; every row at or below it has committed once this
    value is visible."""


class LegacyFeedTransaction(SQLModel, table=True):
    """Where the rows of one transaction of the first feed design (ordered by `(xid, id)`)
    landed when migration 0007 numbered them: enough to translate an old `<xid>-<id>`
    token into a position (services/read/db/legacy_tokens.py)."""

    __tablename__ = "feed_legacy_transactions"

    xid: int = Field(sa_column=sa.Column(Xid8(), primary_key=True))
    first_position: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    last_position: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))


class RetentionHorizon(SQLModel, table=True):
    """Where retention removed a session's events: every row of the session at or before
    `horizon_position` may be gone (but `kept_event_id`, its last `session_changed`).
    Committed before the first row is deleted, so a reader that sees a deletion sees
    its horizon too (docs/operations.md)."""

    __tablename__ = "retention_horizons"

    session_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
        )
    )
    horizon_position: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    kept_event_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, nullable=True)
    )
    """The session's last `session_changed` at or before the horizon, left in place so the
    `sessions` and `project:<id>` topics still end at the session's final state."""
    events_removed: int = _count()
    archive: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    """The file the removed events were written to, if they were archived."""
    started_at: datetime | None = _now()
    finished_at: datetime | None = _now(nullable=True)
    """Null while a run is still deleting (a rerun finishes the job)."""


class SessionCommit(SQLModel, table=True):
    """A commit the orchestrator made on a session's branch (one per agent run that
    changed something, and the merges of resolve)."""

    __tablename__ = "session_commits"
    __table_args__ = (sa.Index("ix_session_commits_session", "session_id", "id"),)

    id: int | None = _id()
    session_id: int = _ref("sessions.id", nullable=False)
    agent_id: int | None = _ref("agents.id", nullable=True, ondelete="SET NULL")
    phase: AgentKind | None = Field(
        default=None, sa_column=sa.Column(_choice(AgentKind, "commit_phase"), nullable=True)
    )
    kind: CommitKind = Field(
        sa_column=sa.Column(_choice(CommitKind, "commit_kind"), nullable=False)
    )
    sha: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    parent_sha: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    message: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    files: int = _count()
    insertions: int = _count()
    deletions: int = _count()
    created_at: datetime | None = _now()


class FileChangeRow(SQLModel, table=True):
    """One changed file: of a commit (`commit_id` set) or of the whole session against
    its base commit (`commit_id` null, replaced at every commit). The patch is clipped
    to a bound; `patch_bytes` is its full size."""

    __tablename__ = "file_changes"
    __table_args__ = (
        sa.Index("ix_file_changes_commit", "commit_id", "path"),
        sa.Index(
            "ix_file_changes_session",
            "session_id",
            "path",
            unique=True,
            postgresql_where=sa.text("commit_id IS NULL"),
        ),
    )

    id: int | None = _id()
    session_id: int = _ref("sessions.id", nullable=False)
    commit_id: int | None = _ref("session_commits.id", nullable=True)
    path: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    old_path: str | None = _text()
    status: FileStatus = Field(
        sa_column=sa.Column(_choice(FileStatus, "file_status"), nullable=False)
    )
    insertions: int = _count()
    deletions: int = _count()
    is_binary: bool = _flag()
    """`binary` on the wire (a COPY option's keyword, so not a column name here)."""
    truncated: bool = _flag()
    patch: str = Field(sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    patch_bytes: int = _count()


class Gate(SQLModel, table=True):
    """A QA gate of a project: a shell command run in each session's worktree after the
    build agent and after every later round."""

    __tablename__ = "gates"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "name", name="uq_gates_project_name"),
        sa.CheckConstraint("timeout_seconds > 0", name="ck_gates_timeout"),
    )

    id: int | None = _id()
    project_id: int = _ref("projects.id", nullable=False)
    name: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    command: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    timeout_seconds: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    required: bool = Field(
        default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default="true")
    )
    """A red required gate gets fix rounds and makes approve ask for an override."""
    position: int = Field(default=0, sa_column=sa.Column(sa.Integer, nullable=False))
    enabled: bool = _flag()
    proposed: bool = _flag()
    """Proposed by Pilothouse from what the project has, at registration."""
    created_at: datetime | None = _now()
    updated_at: datetime | None = _now()


class GateResult(SQLModel, table=True):
    """One gate's run in a session's worktree: which check run, how it ended."""

    __tablename__ = "gate_results"
    __table_args__ = (sa.Index("ix_gate_results_session", "session_id", "id"),)

    id: int | None = _id()
    session_id: int = _ref("sessions.id", nullable=False)
    agent_id: int | None = _ref("agents.id", nullable=True, ondelete="SET NULL")
    """The agent whose work was checked."""
    gate_id: int | None = _ref("gates.id", nullable=True, ondelete="SET NULL")
    run: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    """The session's check run it belongs to (1, 2, …)."""
    name: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    command: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    required: bool = _flag()
    outcome: GateOutcome = Field(
        sa_column=sa.Column(_choice(GateOutcome, "gate_outcome"), nullable=False)
    )
    exit_code: int | None = Field(default=None, sa_column=sa.Column(sa.Integer, nullable=True))
    duration_ms: int = _count()
    tail: str = Field(sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    """The last lines of its output."""
    created_at: datetime | None = _now()


class ReviewComment(SQLModel, table=True):
    """A reviewer's comment on lines of a session's diff (kept after the worktree goes)."""

    __tablename__ = "review_comments"
    __table_args__ = (
        sa.Index("ix_review_comments_session", "session_id", "id"),
        sa.CheckConstraint(
            "line_start > 0 AND line_end >= line_start", name="ck_review_comments_lines"
        ),
    )

    id: int | None = _id()
    session_id: int = _ref("sessions.id", nullable=False)
    path: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    side: DiffSide = Field(sa_column=sa.Column(_choice(DiffSide, "diff_side"), nullable=False))
    line_start: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    line_end: int = Field(sa_column=sa.Column(sa.Integer, nullable=False))
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    excerpt: str = Field(sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    """The commented lines as the diff showed them when the comment was written."""
    resolved: bool = _flag()
    sent_to: int | None = _ref("agents.id", nullable=True, ondelete="SET NULL")
    """The round (agent) the comment was last sent to by request changes."""
    created_at: datetime | None = _now()
    updated_at: datetime | None = _now()


class PermissionRequest(SQLModel, table=True):
    """A supervised agent's tool call or question waiting for (or given) the user's answer."""

    __tablename__ = "permission_requests"
    __table_args__ = (
        sa.Index("ix_permission_requests_session", "session_id", "id"),
        sa.Index(
            "ix_permission_requests_pending",
            "id",
            postgresql_where=sa.text("status = 'pending'"),
        ),
    )

    id: int | None = _id()
    session_id: int = _ref("sessions.id", nullable=False)
    agent_id: int | None = _ref("agents.id", nullable=True, ondelete="SET NULL")
    kind: PermissionKind = Field(
        sa_column=sa.Column(_choice(PermissionKind, "permission_kind"), nullable=False)
    )
    tool_name: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    tool_input: dict[str, Any] = Field(sa_column=sa.Column(pg.JSONB, nullable=False))
    reason: str | None = _text()
    questions: list[Any] = Field(
        default_factory=list,
        sa_column=sa.Column(pg.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    )
    status: PermissionStatus = Field(
        sa_column=sa.Column(
            _choice(PermissionStatus, "permission_status"), nullable=False,
            server_default=PermissionStatus.PENDING.value,
        )
    )  # fmt: skip
    decision: PermissionDecision | None = Field(
        default=None,
        sa_column=sa.Column(_choice(PermissionDecision, "permission_decision"), nullable=True),
    )
    message: str | None = _text()
    answers: dict[str, Any] | None = Field(
        default=None, sa_column=sa.Column(pg.JSONB, nullable=True)
    )
    allow_key: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    """What allow_session allows: a Bash command verbatim, or another tool's name."""
    created_at: datetime | None = _now()
    answered_at: datetime | None = _now(nullable=True)
    expires_at: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


metadata = SQLModel.metadata
"""All Pilothouse tables; alembic's target_metadata."""


class ClaudeTranscriptEntry(SQLModel, table=True):
    """One line of a Claude conversation's transcript, mirrored by the claude-agent-sdk's
    session store (services/orchestrator/db/transcripts.py), so that any orchestrator can
    resume the conversation, whatever machine it began on. Kept as `json`, verbatim:
    entries are the CLI's to interpret, and may hold text jsonb refuses (NUL)."""

    __tablename__ = "claude_transcripts"
    __table_args__ = (
        sa.Index("ix_claude_transcripts_conversation", "claude_session_id", "subpath", "id"),
        sa.Index(
            "ux_claude_transcripts_entry",
            "claude_session_id",
            "subpath",
            "entry_uuid",
            unique=True,
            postgresql_where=sa.text("entry_uuid IS NOT NULL"),
        ),
    )

    id: int | None = _id()
    claude_session_id: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    subpath: str = Field(sa_column=sa.Column(sa.Text, nullable=False, server_default=""))
    """'' for the main transcript, e.g. `subagents/agent-<id>` for a subagent's."""
    project_key: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    """The SDK's key of the directory it ran in; recorded, not used to find entries (a
    resume on another machine may run in another directory)."""
    entry_uuid: str | None = _text()
    """The entry's own `uuid` when it has one: the same entry mirrored twice is kept once."""
    entry: Any = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    stored_at: datetime | None = _now()
