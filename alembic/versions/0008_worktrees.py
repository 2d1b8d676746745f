"""worktrees: every session on its own branch, its commits and changes, review statuses

Projects gain their worktree setup (files to copy, a command); agents a `round` (resolve)
for runs outside the pipeline's order. Sessions gain their
workspace (isolated, base, branch, worktree), the whole change's figures and the review
statuses awaiting_review, merged, discarded and kept. `session_commits` records each
commit the orchestrator makes on a session's branch; `file_changes` each changed file of
a commit, or of the whole session (commit_id null), with its clipped patch, so the read
service shows diffs from the database. The read-only role reads the new tables through
the default privileges of 0002.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_SESSION_STATUSES = ("queued", "running", "completed", "failed", "cancelled", "interrupted")
SESSION_STATUSES = (*OLD_SESSION_STATUSES, "awaiting_review", "merged", "discarded", "kept")
OLD_EVENT_KINDS = (
    "project_changed",
    "session_changed",
    "agent_changed",
    "phase",
    "system",
    "user",
    "text",
    "thinking",
    "tool_use",
    "tool_result",
    "result",
    "stderr",
    "error",
)
EVENT_KINDS = (*OLD_EVENT_KINDS, "workspace", "setup_output", "commit")
PHASES = ("spec", "plan", "build", "docs", "debug")


def _check(table: str, name: str, column: str, values: Sequence[str]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    op.drop_constraint(name, table, type_="check")
    op.create_check_constraint(name, table, f"{column} IN ({listed})")


def _choice(name: str, values: Sequence[str]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _count(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), server_default="0", nullable=False)


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), server_default="false", nullable=False)


def upgrade() -> None:
    op.add_column(
        "projects",
        sa.Column(
            "setup_files",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
        ),
    )
    op.add_column("projects", sa.Column("setup_command", sa.Text(), nullable=True))
    # Sessions from before this revision ran in their project's directory: isolated false.
    op.add_column("sessions", _flag("isolated"))
    for name in ("base_ref", "base_commit", "branch", "worktree"):
        op.add_column("sessions", sa.Column(name, sa.Text(), nullable=True))
    op.add_column("sessions", _flag("workspace_ready"))
    for name in ("head_commit", "merged_commit"):
        op.add_column("sessions", sa.Column(name, sa.Text(), nullable=True))
    for name in ("files_changed", "insertions", "deletions"):
        op.add_column("sessions", _count(name))
    op.add_column("sessions", sa.Column("worktree_bytes", sa.BigInteger(), nullable=True))
    _check("sessions", "session_status", "status", SESSION_STATUSES)
    _check("events", "event_kind", "kind", EVENT_KINDS)
    op.add_column("agents", sa.Column("round", _choice("agent_round", ("resolve",)), nullable=True))

    op.create_table(
        "session_commits",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("agent_id", sa.BigInteger(), nullable=True),
        sa.Column("phase", _choice("commit_phase", PHASES), nullable=True),
        sa.Column(
            "kind", _choice("commit_kind", ("agent", "base_merge", "leftovers")), nullable=False
        ),
        sa.Column("sha", sa.Text(), nullable=False),
        sa.Column("parent_sha", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        _count("files"),
        _count("insertions"),
        _count("deletions"),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_session_commits_session", "session_commits", ["session_id", "id"])
    statuses = ("added", "modified", "deleted", "renamed", "copied", "type_changed")
    op.create_table(
        "file_changes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("commit_id", sa.BigInteger(), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("old_path", sa.Text(), nullable=True),
        sa.Column("status", _choice("file_status", statuses), nullable=False),
        _count("insertions"),
        _count("deletions"),
        _flag("is_binary"),
        _flag("truncated"),
        sa.Column("patch", sa.Text(), server_default="", nullable=False),
        _count("patch_bytes"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["commit_id"], ["session_commits.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_file_changes_commit", "file_changes", ["commit_id", "path"])
    op.create_index(
        "ix_file_changes_session",
        "file_changes",
        ["session_id", "path"],
        unique=True,
        postgresql_where=sa.text("commit_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("file_changes")
    op.drop_table("session_commits")
    op.execute("DELETE FROM events WHERE kind IN ('workspace', 'setup_output', 'commit')")
    # The review statuses have no older equivalent: a reviewed session reads as completed.
    op.execute(
        "UPDATE sessions SET status = 'completed'"
        " WHERE status IN ('awaiting_review', 'merged', 'discarded', 'kept')"
    )
    op.drop_column("agents", "round")
    _check("events", "event_kind", "kind", OLD_EVENT_KINDS)
    _check("sessions", "session_status", "status", OLD_SESSION_STATUSES)
    for name in (
        "worktree_bytes",
        "deletions",
        "insertions",
        "files_changed",
        "merged_commit",
        "head_commit",
        "workspace_ready",
        "worktree",
        "branch",
        "base_commit",
        "base_ref",
        "isolated",
    ):
        op.drop_column("sessions", name)
    op.drop_column("projects", "setup_command")
    op.drop_column("projects", "setup_files")
