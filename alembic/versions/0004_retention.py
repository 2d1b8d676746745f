"""retention horizons: where old finished sessions' events were removed

One row per session whose events the retention command removed: the highest feed
position that may be gone. The read service (SELECT through the default privileges of
0002) compares resume tokens with it, so a client never skips removed rows silently.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from shared.db.schema import Xid8

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retention_horizons",
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("horizon_xid", Xid8(), nullable=False),
        sa.Column("horizon_id", sa.BigInteger(), nullable=False),
        sa.Column("kept_event_id", sa.BigInteger(), nullable=True),
        sa.Column("events_removed", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("archive", sa.Text(), nullable=True),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id"),
    )


def downgrade() -> None:
    op.drop_table("retention_horizons")
