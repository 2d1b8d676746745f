"""Journal rows as the wire shows them: the SELECT list of `events` and row → StoredEvent.

Shared by the read service's feed and pages and the orchestrator's retention archive,
so an archived event is byte for byte what the API served. The payload is never decoded
on the way: it stays the database's JSON text (`msgspec.Raw`), spliced into frames and
pages as it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from psycopg import sql

from shared.contract.wire import EventView

Row = tuple[Any, ...]

EVENT_COLUMNS = sql.SQL(
    "id, position, project_id, session_id, agent_id, kind, payload::text AS payload, created_at"
)
"""The columns `stored_event` reads, in its order. The payload comes as the database's
JSON text (psycopg's text loader, in C: no JSON parse, no Python call per row)."""


class StoredEvent(msgspec.Struct, kw_only=True):
    """One journal row on its way out: encodes to exactly the JSON of an EventView (the
    contract; tests/shared/test_event_rows.py keeps the two in step), but its payload is
    the stored JSON, untouched. Whatever shape the contract gives `payload` per `kind`,
    the stored JSON is that shape already: the orchestrator wrote it from those types."""

    id: int
    position: int
    token: str
    project_id: int | None
    session_id: int | None
    agent_id: int | None
    kind: str
    payload: msgspec.Raw
    created_at: datetime


def stored_event(row: Row) -> StoredEvent:
    """A StoredEvent from a row selected with EVENT_COLUMNS."""
    position = row[1]
    return StoredEvent(
        id=row[0],
        position=position,
        token=str(position),
        project_id=row[2],
        session_id=row[3],
        agent_id=row[4],
        kind=row[5],
        payload=msgspec.Raw(row[6]),
        created_at=row[7],
    )


_to_view = msgspec.json.Decoder(EventView).decode
_encode = msgspec.json.Encoder().encode


def event_view(event: StoredEvent) -> EventView:
    """The contract's view of a stored event (decodes the payload: for checks, not the
    hot path)."""
    return _to_view(_encode(event))
