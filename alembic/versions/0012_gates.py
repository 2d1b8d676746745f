"""gates: QA gates per project, their results per session, review comments

Projects gain `fix_rounds` (how many fix rounds a failing required gate gets) and
`gates` (name, command, timeout, required, position, enabled, proposed). Sessions gain
their checks' state and whether an approve overrode red required gates. `gate_results`
holds each gate's run in a session's worktree; `review_comments` the reviewer's comments
on diff lines. Agents gain the rounds fix, comments and follow_up; events the kinds
gate, gate_output and comment. The read-only role reads the new tables through the
default privileges of 0002.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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
    "workspace",
    "setup_output",
    "commit",
)
NEW_EVENT_KINDS = ("gate", "gate_output", "comment")
OLD_ROUNDS = ("resolve",)
NEW_ROUNDS = ("fix", "comments", "follow_up")
OUTCOMES = ("passed", "failed", "timed_out", "could_not_start", "cancelled")


def _check(table: str, name: str, column: str, values: Sequence[str]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    op.drop_constraint(name, table, type_="check")
    op.create_check_constraint(name, table, f"{column} IN ({listed})")


def _choice(name: str, values: Sequence[str]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _flag(name: str, default: str = "false") -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), server_default=default, nullable=False)


def _stamp(name: str) -> sa.Column[object]:
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False)


def upgrade() -> None:
    op.add_column(
        "projects", sa.Column("fix_rounds", sa.Integer(), server_default="2", nullable=False)
    )
    op.add_column(
        "sessions",
        sa.Column("checks", _choice("session_checks", ("running", "passed", "failed")),
                  nullable=True),
    )  # fmt: skip
    op.add_column("sessions", _flag("checks_overridden"))
    _check("events", "event_kind", "kind", (*OLD_EVENT_KINDS, *NEW_EVENT_KINDS))
    _check("agents", "agent_round", "round", (*OLD_ROUNDS, *NEW_ROUNDS))

    op.create_table(
        "gates",
        _id(),
        sa.Column("project_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("timeout_seconds", sa.Integer(), nullable=False),
        _flag("required", "true"),
        sa.Column("position", sa.Integer(), nullable=False),
        _flag("enabled"),
        _flag("proposed"),
        _stamp("created_at"),
        _stamp("updated_at"),
        sa.CheckConstraint("timeout_seconds > 0", name="ck_gates_timeout"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "name", name="uq_gates_project_name"),
    )
    op.create_table(
        "gate_results",
        _id(),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("agent_id", sa.BigInteger(), nullable=True),
        sa.Column("gate_id", sa.BigInteger(), nullable=True),
        sa.Column("run", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        _flag("required"),
        sa.Column("outcome", _choice("gate_outcome", OUTCOMES), nullable=False),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("tail", sa.Text(), server_default="", nullable=False),
        _stamp("created_at"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["gate_id"], ["gates.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_gate_results_session", "gate_results", ["session_id", "id"])
    op.create_table(
        "review_comments",
        _id(),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("side", _choice("diff_side", ("old", "new")), nullable=False),
        sa.Column("line_start", sa.Integer(), nullable=False),
        sa.Column("line_end", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("excerpt", sa.Text(), server_default="", nullable=False),
        _flag("resolved"),
        sa.Column("sent_to", sa.BigInteger(), nullable=True),
        _stamp("created_at"),
        _stamp("updated_at"),
        sa.CheckConstraint(
            "line_start > 0 AND line_end >= line_start", name="ck_review_comments_lines"
        ),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sent_to"], ["agents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_comments_session", "review_comments", ["session_id", "id"])


def downgrade() -> None:
    op.drop_table("review_comments")
    op.drop_table("gate_results")
    op.drop_table("gates")
    op.execute("DELETE FROM events WHERE kind IN ('gate', 'gate_output', 'comment')")
    # Rounds the older schema cannot name: they read as pipeline builds.
    op.execute("UPDATE agents SET round = NULL WHERE round IN ('fix', 'comments', 'follow_up')")
    _check("agents", "agent_round", "round", OLD_ROUNDS)
    _check("events", "event_kind", "kind", OLD_EVENT_KINDS)
    op.drop_column("sessions", "checks_overridden")
    op.drop_column("sessions", "checks")
    op.drop_column("projects", "fix_rounds")
