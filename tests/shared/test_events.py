"""The events union: one variant per kind, its payload typed, through JSON and back."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, get_args

import msgspec
import pytest
from msgspec import inspect

from shared.contract.enums import EventKind
from shared.contract.events import EVENT_TYPES, EventView, TextEvent
from shared.contract.frames import Events, ServerFrame

NOW = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)


LEAVES: dict[type[inspect.Type], object] = {
    inspect.BoolType: True,
    inspect.IntType: 7,
    inspect.FloatType: 0.25,
    inspect.StrType: "text",
    inspect.DateTimeType: NOW,
}
COMPOSITES: dict[type[inspect.Type], Callable[[Any], object]] = {
    inspect.StructType: lambda kind: kind.cls(**{f.name: sample(f.type) for f in kind.fields}),
    inspect.Metadata: lambda kind: sample(kind.type),
    inspect.UnionType: lambda kind: sample(
        next(t for t in kind.types if not isinstance(t, inspect.NoneType))
    ),
    inspect.EnumType: lambda kind: next(iter(kind.cls)),
    inspect.LiteralType: lambda kind: kind.values[-1],
    inspect.ListType: lambda kind: [sample(kind.item_type)],
    inspect.DictType: lambda kind: {
        "key": ["any", 1]
        if isinstance(kind.value_type, inspect.AnyType)
        else sample(kind.value_type)
    },
}


def sample(kind: inspect.Type) -> Any:
    """A value of every field of a wire type, built from the type itself: a field added to
    a payload or a view is covered without changing this test."""
    if type(kind) in LEAVES:
        return LEAVES[type(kind)]
    return COMPOSITES[type(kind)](kind)


def event_of(kind: EventKind) -> EventView:
    """An event of `kind` with a payload that sets every field of its type."""
    variant = EVENT_TYPES[kind]
    info = inspect.type_info(variant)
    assert isinstance(info, inspect.StructType)
    payload_type = next(field.type for field in info.fields if field.name == "payload")
    return variant(
        id=5,
        position=900,
        token="900",
        project_id=1,
        session_id=2,
        agent_id=3,
        created_at=NOW,
        payload=sample(payload_type),
    )


def test_every_kind_has_exactly_one_variant() -> None:
    variants = get_args(EventView)
    tags = [variant.__struct_config__.tag for variant in variants]
    assert sorted(tags) == sorted(kind.value for kind in EventKind)
    assert len(set(tags)) == len(variants) == len(EventKind)
    for variant in variants:
        # The class attribute type checkers narrow on is the tag msgspec writes.
        assert variant.kind.value == variant.__struct_config__.tag
        assert EVENT_TYPES[variant.kind] is variant


@pytest.mark.parametrize("kind", list(EventKind))
def test_each_kind_round_trips_through_json_typed(kind: EventKind) -> None:
    event = event_of(kind)
    data = msgspec.json.encode(event)
    assert json.loads(data)["kind"] == kind.value

    decoded: EventView = msgspec.json.decode(data, type=EventView)

    assert type(decoded) is type(event)
    assert decoded == event
    assert type(decoded.payload) is type(event.payload)
    # In a frame too, where the read service splices events in as they are.
    frame = msgspec.json.decode(
        msgspec.json.encode(Events(topic="t", events=[event])), type=ServerFrame
    )
    assert isinstance(frame, Events)
    assert frame.events == [event]


def test_a_payload_of_another_kind_does_not_decode() -> None:
    stderr = msgspec.to_builtins(event_of(EventKind.STDERR))
    with pytest.raises(msgspec.ValidationError, match=r"`\$.payload`"):
        msgspec.convert(stderr | {"kind": "text"}, EventView)


def test_an_unknown_kind_does_not_decode() -> None:
    text = msgspec.to_builtins(event_of(EventKind.TEXT))
    with pytest.raises(msgspec.ValidationError, match="kind"):
        msgspec.convert(text | {"kind": "telepathy"}, EventView)


def test_kind_narrows_to_the_payload() -> None:
    decoded: EventView = msgspec.convert(msgspec.to_builtins(event_of(EventKind.TEXT)), EventView)
    # mypy checks this function: `payload.text` type-checks only after the narrowing.
    assert decoded.kind is EventKind.TEXT
    assert decoded.payload.text == "text"
    assert isinstance(decoded, TextEvent)
