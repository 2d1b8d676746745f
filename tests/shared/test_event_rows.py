"""StoredEvent, the read side's pass-through form of a journal row, is on the wire exactly
the contract's EventView: same fields in the same order, payload bytes untouched."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import psycopg
import pytest

from shared.contract.cursor import ORIGIN, BadToken, Cursor, LegacyToken, parse_token
from shared.contract.enums import EventKind
from shared.contract.wire import EventView
from shared.db.event_rows import EVENT_COLUMNS, StoredEvent, event_view, stored_event
from shared.db.feed_positions import TAKE_POSITIONS
from tests.conftest import TestDatabase

PAYLOADS: list[dict[str, Any]] = [
    {"text": 'café "quoted" \\ back\tslash\n', "truncated": False},
    {"tool_use_id": "t1", "name": "Read", "input": {"nested": [1, 2.5, None, True]}},
    {},
]


def test_the_pass_through_struct_has_the_contracts_fields_in_order() -> None:
    names = [field.name for field in msgspec.structs.fields(StoredEvent)]
    assert names == [field.name for field in msgspec.structs.fields(EventView)]


def test_a_stored_payload_goes_out_byte_for_byte_and_decodes_as_the_contract() -> None:
    stored = b'{"text": "caf\\u00e9 \\"quoted\\"", "truncated": false}'
    at = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    event = stored_event((7, 42, 1, 2, 3, "text", stored.decode(), at))
    encoded = msgspec.json.encode(event)
    assert stored in encoded
    view = msgspec.json.decode(encoded, type=EventView)
    assert view == EventView(
        id=7,
        position=42,
        token="42",
        project_id=1,
        session_id=2,
        agent_id=3,
        kind=EventKind.TEXT,
        payload={"text": 'café "quoted"', "truncated": False},
        created_at=at,
    )
    assert event_view(event) == view


def test_rows_read_from_the_database_go_out_as_event_views(database: TestDatabase) -> None:
    with psycopg.connect(database.url, autocommit=True) as conn:
        row = conn.execute(
            "INSERT INTO projects (slug, name, path) VALUES ('p', 'P', '/tmp') RETURNING id"
        ).fetchone()
        assert row is not None
        project_id = row[0]
        for payload in PAYLOADS:
            conn.execute(
                f"WITH taken AS ({TAKE_POSITIONS}) INSERT INTO events"
                " (position, project_id, kind, payload) SELECT last_position, %s, 'text', %s"
                " FROM taken",
                (1, project_id, msgspec.json.encode(payload).decode()),
            )
        query = "SELECT " + EVENT_COLUMNS.as_string(None) + " FROM events ORDER BY position"
        events = [stored_event(row) for row in conn.execute(query)]
        stored = conn.execute(
            "SELECT id, position, payload::text, created_at FROM events ORDER BY position"
        ).fetchall()
    for event, payload, (event_id, position, text, created_at) in zip(
        events, PAYLOADS, stored, strict=True
    ):
        assert text.encode() in msgspec.json.encode(event), "the payload goes out as stored"
        assert event_view(event) == EventView(
            id=event_id,
            position=position,
            token=str(position),
            project_id=project_id,
            session_id=None,
            agent_id=None,
            kind=EventKind.TEXT,
            payload=payload,
            created_at=created_at,
        )


@pytest.mark.parametrize(
    ("token", "parsed"),
    [
        ("0", ORIGIN),
        ("42", Cursor(42)),
        ("0-0", ORIGIN),
        ("19937-214", LegacyToken(19937, 214)),
        ("9" * 18, Cursor(10**18 - 1)),
    ],
)
def test_tokens_parse_as_positions_or_legacy_pairs(
    token: str, parsed: Cursor | LegacyToken
) -> None:
    assert parse_token(token) == parsed


@pytest.mark.parametrize("token", ["", "-1", "1-", "1.5", "9" * 19, "1-2-3", "\u0663"])
def test_malformed_tokens_are_refused(token: str) -> None:
    with pytest.raises(BadToken):
        parse_token(token)


def test_a_legacy_token_is_no_current_cursor() -> None:
    with pytest.raises(BadToken, match="older Pilothouse version"):
        Cursor.parse("19937-214")
