"""Journal rows as the wire shows them: the SELECT list of `events` and row → EventView.

Shared by the read service's feed and pages and the orchestrator's retention archive,
so an archived event is byte for byte what the API served.
"""

from __future__ import annotations

from typing import Any

from psycopg import sql

from shared.contract.events import EVENT_TYPES, EventView

Row = tuple[Any, ...]

# The cast xid is renamed: left as "xid", ORDER BY xid would sort by the cast expression
# instead of walking the (…, xid, id) indexes in order.
EVENT_COLUMNS = sql.SQL(
    "id, xid::text::bigint AS xid_number, project_id, session_id, agent_id, kind, payload,"
    " created_at"
)
"""The columns `event_view` reads, in its order."""

SETTLED = "xid < pg_snapshot_xmin(pg_current_snapshot())"
"""The feed's rule for a row of `events`: its transaction is older than every one still
open, so no row can still commit before it (docs/architecture.md, "The change feed"). The read
service delivers only settled rows; retention removes only settled rows."""

_VARIANTS = {kind.value: variant for kind, variant in EVENT_TYPES.items()}
"""Kind text to its EventView variant by dict lookup: EventKind(text) costs several times
more per row."""


def event_view(row: Row) -> EventView:
    """The EventView variant of the row's kind, from a row selected with EVENT_COLUMNS.

    The payload is passed through as the row holds it, not decoded into the variant's
    payload type: msgspec checks types when decoding, never when encoding, so the wire
    shows the stored JSON while clients decode it typed (shared/contract/events.py)."""
    event_id, xid = row[0], row[1]
    return _VARIANTS[row[5]](
        id=event_id,
        xid=xid,
        token=f"{xid}-{event_id}",
        project_id=row[2],
        session_id=row[3],
        agent_id=row[4],
        payload=row[6],
        created_at=row[7],
    )
