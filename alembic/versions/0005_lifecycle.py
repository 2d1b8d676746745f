"""lifecycle: statuses nothing sets are gone

Sessions were never set `waiting`, projects never `pending` or `failed` (registration
makes a project ready at once). The CHECK constraints now list exactly the statuses
shared/contract/lifecycle.py allows; a project's default status is `ready`.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SESSION_STATUSES = ("queued", "running", "completed", "failed", "cancelled", "interrupted")


def _check(table: str, name: str, values: Sequence[str]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    op.drop_constraint(name, table, type_="check")
    op.create_check_constraint(name, table, f"status IN ({listed})")


def upgrade() -> None:
    # Nothing ever wrote these values; the updates only make the constraint safe to add.
    op.execute("UPDATE sessions SET status = 'interrupted' WHERE status = 'waiting'")
    op.execute("UPDATE projects SET status = 'ready' WHERE status <> 'ready'")
    _check("sessions", "session_status", SESSION_STATUSES)
    _check("projects", "project_status", ("ready",))
    op.alter_column("projects", "status", server_default="ready")


def downgrade() -> None:
    _check("sessions", "session_status", (*SESSION_STATUSES, "waiting"))
    _check("projects", "project_status", ("pending", "ready", "failed"))
    op.alter_column("projects", "status", server_default="pending")
