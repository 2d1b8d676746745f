"""Journal rows as the wire shows them: the SELECT list of `events` and row → EventView.

Shared by the read service's feed and pages and the orchestrator's retention archive,
so an archived event is byte for byte what the API served. The payload is never decoded
on the way: it is selected as the database's JSON text (psycopg's text loader, in C: no
JSON parse, no Python call per row) and spliced into frames, pages and archive lines as
it is (`msgspec.Raw`).
"""

from __future__ import annotations

from typing import Any

import msgspec
from psycopg import sql

from shared.contract.events import EVENT_TYPES, EventView

Row = tuple[Any, ...]

EVENT_COLUMNS = sql.SQL(
    "id, position, project_id, session_id, agent_id, kind, payload::text AS payload, created_at"
)
"""The columns `event_view` reads, in its order."""

_VARIANTS = {kind.value: variant for kind, variant in EVENT_TYPES.items()}
"""Kind text to its EventView variant by dict lookup: EventKind(text) costs several times
more per row."""


def event_view(row: Row) -> EventView:
    """The EventView variant of the row's kind, from a row selected with EVENT_COLUMNS.

    Its payload is the stored JSON as a `msgspec.Raw`, not decoded into the variant's
    payload type: msgspec checks types when decoding, never when encoding, so the wire
    shows the stored JSON byte for byte while clients decode it typed
    (shared/contract/events.py). The orchestrator wrote that JSON from those very types."""
    position = row[1]
    payload: Any = msgspec.Raw(row[6])
    return _VARIANTS[row[5]](
        id=row[0],
        position=position,
        token=str(position),
        project_id=row[2],
        session_id=row[3],
        agent_id=row[4],
        payload=payload,
        created_at=row[7],
    )


_decode = msgspec.json.Decoder(EventView).decode
_encode = msgspec.json.Encoder().encode


def decoded(event: EventView) -> EventView:
    """The event with its payload decoded into the variant's type, as a client sees it
    (for checks and restores; the service itself never needs it)."""
    view: EventView = _decode(_encode(event))
    return view
