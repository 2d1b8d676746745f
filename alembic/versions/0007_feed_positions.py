"""feed positions: the feed's order is taken from a counter our writers own

Before: rows were ordered by `(xid, id)` and delivered only once their transaction was
older than the snapshot's xmin, which waited for every open write transaction on the
server, in any database. Now every event-writing transaction takes positions from the
one `feed_counter` row as its last statement, so positions commit in order and readers
follow `position > cursor` with nothing held back.

Existing rows are numbered in their old `(xid, id)` order; `feed_legacy_transactions`
keeps where each old transaction's rows landed, so an old `<xid>-<id>` token still
resumes at exactly the same place. Retention horizons become positions. `position` has
no default: an insert without one fails. The `(…, xid, id)` indexes are replaced by
`(…, position)` ones, and the kind and project indexes become partial (only the change
events are ever read through them); the primary key moves from `id` to `position`.

The UPDATE numbering existing rows rewrites the table once; autovacuum reclaims the old
versions (or run `VACUUM events` after upgrading a large journal).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from shared.db.feed_positions import CHANGE_KINDS_SQL
from shared.db.schema import Xid8

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_INDEXES = {
    "ix_events_feed": ["xid", "id"],
    "ix_events_session": ["session_id", "xid", "id"],
    "ix_events_agent": ["agent_id", "xid", "id"],
    "ix_events_project": ["project_id", "xid", "id"],
    "ix_events_kind": ["kind", "xid", "id"],
}


def upgrade() -> None:
    op.create_table(
        "feed_counter",
        sa.Column("id", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("last_position", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id", name="ck_feed_counter_single_row"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "feed_legacy_transactions",
        sa.Column("xid", Xid8(), nullable=False),
        sa.Column("first_position", sa.BigInteger(), nullable=False),
        sa.Column("last_position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("xid"),
    )
    # Writers of the old code still running must not interleave with the numbering.
    op.execute("LOCK TABLE events IN EXCLUSIVE MODE")
    op.add_column("events", sa.Column("position", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE events e SET position = numbered.n FROM ("
        "  SELECT id, row_number() OVER (ORDER BY xid, id) AS n FROM events"
        ") numbered WHERE e.id = numbered.id"
    )
    op.execute(
        "INSERT INTO feed_legacy_transactions (xid, first_position, last_position)"
        " SELECT xid, min(position), max(position) FROM events GROUP BY xid"
    )
    # A horizon (xid, id) becomes the last position at or before it in the old order.
    op.add_column("retention_horizons", sa.Column("horizon_position", sa.BigInteger()))
    op.execute(
        "UPDATE retention_horizons h SET horizon_position = coalesce(("
        "  SELECT max(e.position) FROM events e"
        "  WHERE (e.xid, e.id) <= (h.horizon_xid, h.horizon_id)), 0)"
    )
    op.alter_column("retention_horizons", "horizon_position", nullable=False)
    op.drop_column("retention_horizons", "horizon_xid")
    op.drop_column("retention_horizons", "horizon_id")
    op.execute(
        "INSERT INTO feed_counter (id, last_position)"
        " SELECT true, coalesce(max(position), 0) FROM events"
    )
    for name in _OLD_INDEXES:
        op.drop_index(name, table_name="events")
    op.drop_constraint("events_pkey", "events", type_="primary")
    op.alter_column("events", "position", nullable=False)
    op.create_primary_key("events_pkey", "events", ["position"])
    op.drop_column("events", "xid")
    op.create_index("ix_events_session", "events", ["session_id", "position"])
    op.create_index("ix_events_agent", "events", ["agent_id", "position"])
    op.create_index(
        "ix_events_changes",
        "events",
        ["kind", "position"],
        postgresql_where=sa.text(CHANGE_KINDS_SQL),
    )
    op.create_index(
        "ix_events_project_changes",
        "events",
        ["project_id", "position"],
        postgresql_where=sa.text(CHANGE_KINDS_SQL),
    )


def downgrade() -> None:
    """Back to `(xid, id)` order, as far as it goes: old xids are gone, so every row gets
    this transaction's xid and the order falls back to `id`. Tokens handed out since 0007
    do not parse in the old code; its clients reload their REST snapshot."""
    op.add_column(
        "retention_horizons",
        sa.Column(
            "horizon_xid", Xid8(), server_default=sa.text("pg_current_xact_id()"), nullable=False
        ),
    )
    op.add_column("retention_horizons", sa.Column("horizon_id", sa.BigInteger()))
    op.execute(
        "UPDATE retention_horizons h SET horizon_id = coalesce(("
        "  SELECT max(e.id) FROM events e WHERE e.position <= h.horizon_position), 0)"
    )
    op.alter_column("retention_horizons", "horizon_id", nullable=False)
    op.alter_column("retention_horizons", "horizon_xid", server_default=None)
    op.drop_column("retention_horizons", "horizon_position")
    op.drop_index("ix_events_project_changes", table_name="events")
    op.drop_index("ix_events_changes", table_name="events")
    op.drop_index("ix_events_agent", table_name="events")
    op.drop_index("ix_events_session", table_name="events")
    op.add_column(
        "events",
        sa.Column("xid", Xid8(), server_default=sa.text("pg_current_xact_id()"), nullable=False),
    )
    op.drop_constraint("events_pkey", "events", type_="primary")
    op.drop_column("events", "position")
    op.create_primary_key("events_pkey", "events", ["id"])
    for name, columns in _OLD_INDEXES.items():
        op.create_index(name, "events", columns)
    op.drop_table("feed_legacy_transactions")
    op.drop_table("feed_counter")
