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
from psycopg.abc import AdaptContext, Buffer
from psycopg.adapt import Loader

from shared.contract.wire import EventView

Row = tuple[Any, ...]

EVENT_COLUMNS = sql.SQL("id, position, project_id, session_id, agent_id, kind, payload, created_at")
"""The columns `stored_event` reads, in its order."""


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


class RawJsonLoader(Loader):
    """jsonb → msgspec.Raw of its text: no parse, no dict, nothing to re-encode."""

    def load(self, data: Buffer) -> msgspec.Raw:
        return msgspec.Raw(bytes(data))


def load_payloads_raw(context: AdaptContext) -> None:
    """Make `context` (a connection or cursor) return jsonb as RawJsonLoader does."""
    context.adapters.register_loader("jsonb", RawJsonLoader)


def stored_event(row: Row) -> StoredEvent:
    """A StoredEvent from a row selected with EVENT_COLUMNS (jsonb loaded raw)."""
    position = row[1]
    return StoredEvent(
        id=row[0],
        position=position,
        token=str(position),
        project_id=row[2],
        session_id=row[3],
        agent_id=row[4],
        kind=row[5],
        payload=row[6],
        created_at=row[7],
    )


_to_view = msgspec.json.Decoder(EventView).decode
_encode = msgspec.json.Encoder().encode


def event_view(event: StoredEvent) -> EventView:
    """The contract's view of a stored event (decodes the payload: for checks, not the
    hot path)."""
    return _to_view(_encode(event))
