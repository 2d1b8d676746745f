"""A tagged union in a Litestar app's OpenAPI document: named, discriminated, referenced."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import msgspec
import pytest
from litestar import Litestar, get

from shared.web.tagged_unions import name_tagged_unions

T = TypeVar("T")


class Circle(msgspec.Struct, tag="circle", tag_field="shape"):
    radius: float


class Square(msgspec.Struct, tag="square", tag_field="shape"):
    side: float


Shape = Circle | Square


class Listing(msgspec.Struct, Generic[T]):
    items: list[T]


@get("/shapes", sync_to_thread=False)
def shapes() -> Listing[Shape]:
    return Listing(items=[])


@get("/shape", sync_to_thread=False)
def shape() -> Shape:
    return Circle(radius=1)


def document(unions: dict[str, Any]) -> dict[str, Any]:
    app = Litestar([shapes, shape])
    name_tagged_unions(app.openapi_schema, unions)
    result: dict[str, Any] = app.openapi_schema.to_schema()
    return result


def test_litestar_alone_leaves_the_union_inline_and_undiscriminated() -> None:
    # What the rewrite is for; should Litestar learn it, this test says the rewrite may go.
    schemas = Litestar([shapes, shape]).openapi_schema.to_schema()["components"]["schemas"]
    assert "Shape" not in schemas
    assert not any("discriminator" in str(schema) for schema in schemas.values())


def test_the_union_becomes_a_named_component_with_a_discriminator() -> None:
    doc = document({"Shape": Shape})
    schemas = doc["components"]["schemas"]
    refs = ["#/components/schemas/Circle", "#/components/schemas/Square"]

    assert schemas["Shape"]["oneOf"] == [{"$ref": ref} for ref in refs]
    assert schemas["Shape"]["discriminator"] == {
        "propertyName": "shape",
        "mapping": {"circle": refs[0], "square": refs[1]},
    }
    assert schemas["Circle"]["properties"]["shape"] == {"type": "string", "const": "circle"}
    # Every use refers to it, and the generic over it is named after it.
    assert schemas["Listing_Shape_"]["properties"]["items"]["items"] == {
        "$ref": "#/components/schemas/Shape"
    }
    assert schemas["Listing_Shape_"]["title"] == "Listing[Shape]"
    answer = doc["paths"]["/shapes"]["get"]["responses"]["200"]["content"]["application/json"]
    assert answer["schema"] == {"$ref": "#/components/schemas/Listing_Shape_"}
    single = doc["paths"]["/shape"]["get"]["responses"]["200"]["content"]["application/json"]
    assert single["schema"] == {"$ref": "#/components/schemas/Shape"}
    assert not [name for name in schemas if "." in name]


def test_a_union_the_document_does_not_hold_is_refused() -> None:
    class Triangle(msgspec.Struct, tag="triangle", tag_field="shape"):
        base: float

    with pytest.raises(LookupError, match="Triangle"):
        document({"Shape": Circle | Triangle})
