"""supervision: supervised projects and sessions, and their agents' permission requests

Projects and sessions gain `supervision` (autonomous, the default, or supervised);
sessions count their `pending_requests`. `permission_requests` holds each tool call or
question of a supervised agent that waits for the user's answer, and the answer; events
gain the kind permission_changed. The read-only role reads the new table through the
default privileges of 0002.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
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
    "gate",
    "gate_output",
    "comment",
)
NEW_EVENT_KINDS = ("permission_changed",)
STATUSES = ("pending", "allowed", "denied", "expired", "interrupted")
DECISIONS = ("allow_once", "allow_session", "deny")


def _check(table: str, name: str, column: str, values: Sequence[str]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    op.drop_constraint(name, table, type_="check")
    op.create_check_constraint(name, table, f"{column} IN ({listed})")


def _choice(name: str, values: Sequence[str]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _supervision(name: str) -> sa.Column[str]:
    return sa.Column(
        "supervision",
        _choice(name, ("autonomous", "supervised")),
        server_default="autonomous",
        nullable=False,
    )


def upgrade() -> None:
    op.add_column("projects", _supervision("project_supervision"))
    op.add_column("sessions", _supervision("session_supervision"))
    op.add_column(
        "sessions",
        sa.Column("pending_requests", sa.BigInteger(), server_default="0", nullable=False),
    )
    _check("events", "event_kind", "kind", (*OLD_EVENT_KINDS, *NEW_EVENT_KINDS))
    op.create_table(
        "permission_requests",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("agent_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", _choice("permission_kind", ("tool", "question")), nullable=False),
        sa.Column("tool_name", sa.Text(), nullable=False),
        sa.Column("tool_input", pg.JSONB(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("questions", pg.JSONB(), server_default=sa.text("'[]'::jsonb"), nullable=False),
        sa.Column(
            "status",
            _choice("permission_status", STATUSES),
            server_default="pending",
            nullable=False,
        ),
        sa.Column("decision", _choice("permission_decision", DECISIONS), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("answers", pg.JSONB(), nullable=True),
        sa.Column("allow_key", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_permission_requests_session", "permission_requests", ["session_id", "id"])
    op.create_index(
        "ix_permission_requests_pending",
        "permission_requests",
        ["id"],
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_table("permission_requests")
    op.execute("DELETE FROM events WHERE kind = 'permission_changed'")
    _check("events", "event_kind", "kind", OLD_EVENT_KINDS)
    op.drop_column("sessions", "pending_requests")
    op.drop_column("sessions", "supervision")
    op.drop_column("projects", "supervision")
