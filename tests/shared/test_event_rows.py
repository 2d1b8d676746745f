"""A journal row read for the wire (shared/db/event_rows.py) is an EventView variant whose
payload is the stored JSON, untouched: it goes out byte for byte and decodes as the
contract. Tokens parse as positions, or as the old `<xid>-<id>` pairs."""

from __future__ import annotations

import msgspec
import psycopg
import pytest

from shared.contract.cursor import ORIGIN, BadToken, Cursor, LegacyToken, parse_token
from shared.contract.enums import EventKind
from shared.contract.events import EventView, TextEvent, ToolUseEvent
from shared.contract.payloads import TextPayload, ToolUsePayload
from shared.db.event_rows import EVENT_COLUMNS, decoded, event_view
from shared.db.feed_positions import TAKE_POSITIONS
from tests.support.databases import TestDatabase

PAYLOADS: list[tuple[EventKind, TextPayload | ToolUsePayload]] = [
    (EventKind.TEXT, TextPayload(text='café "quoted" \\ back\tslash\n', truncated=False)),
    (
        EventKind.TOOL_USE,
        ToolUsePayload(tool_use_id="t1", name="Read", input={"nested": [1, 2.5, None, True]}),
    ),
    (EventKind.TEXT, TextPayload(text="")),
]


def _written(database: TestDatabase) -> tuple[list[EventView], list[tuple[object, ...]], int]:
    """The PAYLOADS as journal rows: (read for the wire, stored columns, project id)."""
    with psycopg.connect(database.url, autocommit=True) as conn:
        row = conn.execute(
            "INSERT INTO projects (slug, name, path) VALUES ('p', 'P', '/tmp') RETURNING id"
        ).fetchone()
        assert row is not None
        project_id = int(row[0])
        for kind, payload in PAYLOADS:
            conn.execute(
                f"WITH taken AS ({TAKE_POSITIONS}) INSERT INTO events"
                " (position, project_id, kind, payload) SELECT last_position, %s, %s, %s"
                " FROM taken",
                (1, project_id, kind.value, msgspec.json.encode(payload).decode()),
            )
        query = "SELECT " + EVENT_COLUMNS.as_string(None) + " FROM events ORDER BY position"
        events = [event_view(row) for row in conn.execute(query)]
        stored = conn.execute(
            "SELECT id, position, payload::text, created_at FROM events ORDER BY position"
        ).fetchall()
    return events, stored, project_id


def test_rows_go_out_with_their_stored_payloads_and_decode_as_the_contract(
    database: TestDatabase,
) -> None:
    events, stored, project_id = _written(database)
    for event, (kind, payload), (event_id, position, text, created_at) in zip(
        events, PAYLOADS, stored, strict=True
    ):
        assert isinstance(event.payload, msgspec.Raw), "the payload is never decoded"
        assert str(text).encode() in msgspec.json.encode(event), "it goes out as stored"
        variant = TextEvent if kind is EventKind.TEXT else ToolUseEvent
        assert decoded(event) == variant(
            id=event_id,
            position=position,
            token=str(position),
            project_id=project_id,
            session_id=None,
            agent_id=None,
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
