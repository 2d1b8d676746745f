"""fence: sessions and agents that ran unfenced are marked; sessions carry a spending limit

`unfenced` is set on an agent (and its session) that ran without the agent fence because
the orchestrator was told PILOTHOUSE_UNFENCED=1. `max_budget_usd` is the session's
spending limit in US dollars (null: none): StartSession's, or in Claude mode the default
PILOTHOUSE_SESSION_BUDGET_USD. The read-only role reads the columns like the others.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), server_default="false", nullable=False)


def upgrade() -> None:
    op.add_column("sessions", _flag("unfenced"))
    op.add_column("agents", _flag("unfenced"))
    op.add_column("sessions", sa.Column("max_budget_usd", sa.Double(), nullable=True))


def downgrade() -> None:
    op.drop_column("sessions", "max_budget_usd")
    op.drop_column("agents", "unfenced")
    op.drop_column("sessions", "unfenced")
