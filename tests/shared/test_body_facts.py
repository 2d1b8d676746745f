"""Bounds of 0 and rules in a Litestar app's OpenAPI document, as the decoder enforces them."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
import pytest
from litestar import Litestar, post
from litestar.openapi.spec import Schema
from litestar.params import JSONBody

from shared.web.body_facts import add_rules, restore_constraints


class Body(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    rounds: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    budget: Annotated[float, msgspec.Meta(gt=0)] | None = None
    below: Annotated[int, msgspec.Meta(lt=0)] | None = None
    items: list[str] | None = None
    names: list[Annotated[str, msgspec.Meta(min_length=1, max_length=9, pattern="^a")]] = []


@post("/body")
async def take(data: JSONBody[Body]) -> None:
    return None


def _properties(app: Litestar) -> dict[str, Any]:
    properties: dict[str, Any] = app.openapi_schema.to_schema()["components"]["schemas"]["Body"][
        "properties"
    ]
    return properties


def test_bounds_of_zero_and_item_constraints_litestar_drops_are_put_back() -> None:
    app = Litestar([take])
    assert "minimum" not in _properties(app)["rounds"]  # what this works around
    restore_constraints(app.openapi_schema, [Body])
    properties = _properties(app)
    assert properties["rounds"]["minimum"] == 0
    assert properties["rounds"]["maximum"] == 10
    assert properties["budget"]["exclusiveMinimum"] == 0
    assert properties["below"]["exclusiveMaximum"] == 0
    assert "minimum" not in properties["items"]
    assert properties["names"]["items"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 9,
        "pattern": "^a",
    }


def test_rules_are_merged_into_the_component_or_property_they_name() -> None:
    app = Litestar([take])
    add_rules(
        app.openapi_schema,
        {
            "Body": Schema(schema_not=Schema(required=["rounds", "budget"])),
            "Body.items": Schema(unique_items=True),
        },
    )
    component = app.openapi_schema.to_schema()["components"]["schemas"]["Body"]
    assert component["not"] == {"required": ["rounds", "budget"]}
    assert component["properties"]["items"]["uniqueItems"] is True
    with pytest.raises(TypeError, match=r"Body\.nothing"):
        add_rules(app.openapi_schema, {"Body.nothing": Schema(unique_items=True)})
