"""doorbell: one NOTIFY per transaction that appends events

A statement-level trigger notifies a constant, empty payload; PostgreSQL folds
identical notifications of one transaction into one and delivers it only after
commit. Listeners treat it as a wake-up and re-read `events` from their cursor.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "pilothouse_events"


def upgrade() -> None:
    op.execute(
        f"""
        CREATE FUNCTION pilothouse_ring_doorbell() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('{CHANNEL}', '');
          RETURN NULL;
        END $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER events_doorbell
        AFTER INSERT ON events
        FOR EACH STATEMENT EXECUTE FUNCTION pilothouse_ring_doorbell()
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS events_doorbell ON events")
    op.execute("DROP FUNCTION IF EXISTS pilothouse_ring_doorbell()")
