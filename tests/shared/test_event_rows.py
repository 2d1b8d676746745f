"""StoredEvent, the read side's pass-through form of a journal row, is on the wire exactly
the contract's EventView: same fields in the same order, payload bytes untouched."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from shared.contract.cursor import ORIGIN, BadToken, Cursor, LegacyToken, parse_token
from shared.contract.enums import EventKind
from shared.contract.wire import EventView
from shared.db.event_rows import StoredEvent, event_view, stored_event


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


@pytest.mark.parametrize("token", ["", "-1", "1-", "1.5", "9" * 19, "1-2-3", "٣"])
def test_malformed_tokens_are_refused(token: str) -> None:
    with pytest.raises(BadToken):
        parse_token(token)


def test_a_legacy_token_is_no_current_cursor() -> None:
    with pytest.raises(BadToken, match="older Pilothouse version"):
        Cursor.parse("19937-214")
