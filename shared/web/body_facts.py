"""What command bodies accept, said in the OpenAPI document where Litestar leaves it out.

Bounds of 0 on optional numbers: Litestar (2.25) copies a number's bounds (`gt`, `ge`,
`lt`, `le` of its `msgspec.Meta`) into the document, but for an optional field
(`int | None`) only the truthy ones: a bound of 0 is dropped. So `fix_rounds` (ge=0),
`max_budget_usd` (gt=0) and the like were documented as taking any negative number,
which msgspec then refuses with a 400, and a generated client (or a schema fuzzer) is
misled. `restore_constraints` puts the missing
bounds back on the body components.

The same for the items of a list of strings: Litestar documents `list[SetupFile]` as a
list of any strings, without the item's length or pattern; `restore_constraints` puts
them back too. And for a map of strings to strings (a question's `answers`): Litestar
documents any keys, any values and any size, so the keys' and values' length and
pattern (`propertyNames`, `additionalProperties`) and the map's size come back as well.

Rules no msgspec type can carry (a combination of fields a command refuses, items that
must differ): `add_rules` merges them, written as Schema objects next to the code that
enforces them, into the component or property they are about.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

import msgspec
from litestar.openapi.spec import Components, OpenAPI, OpenAPIType, Reference, Schema

_KEYWORDS = {
    "gt": "exclusive_minimum",
    "ge": "minimum",
    "lt": "exclusive_maximum",
    "le": "maximum",
}
"""msgspec's bound → the Schema attribute that says it."""


Number = msgspec.inspect.IntType | msgspec.inspect.FloatType


def _number(kind: msgspec.inspect.Type) -> Number | None:
    """The number type of a field, looking through `| None`."""
    if isinstance(kind, msgspec.inspect.UnionType):
        numbers = [t for t in kind.types if not isinstance(t, msgspec.inspect.NoneType)]
        kind = numbers[0] if len(numbers) == 1 else kind
    if isinstance(kind, msgspec.inspect.Metadata):
        kind = kind.type
    return kind if isinstance(kind, msgspec.inspect.IntType | msgspec.inspect.FloatType) else None


def _components(document: OpenAPI) -> Mapping[str, Schema | Reference]:
    components = document.components
    if not isinstance(components, Components) or components.schemas is None:
        raise LookupError("the document has no component schemas")
    return components.schemas


def _without_none(kind: msgspec.inspect.Type) -> msgspec.inspect.Type:
    """A field's type looking through `| None` and its `Annotated` metadata."""
    if isinstance(kind, msgspec.inspect.UnionType):
        others = [t for t in kind.types if not isinstance(t, msgspec.inspect.NoneType)]
        kind = others[0] if len(others) == 1 else kind
    if isinstance(kind, msgspec.inspect.Metadata):
        kind = kind.type
    return kind


def _string(kind: msgspec.inspect.Type) -> msgspec.inspect.StrType | None:
    kind = kind.type if isinstance(kind, msgspec.inspect.Metadata) else kind
    return kind if isinstance(kind, msgspec.inspect.StrType) else None


def _string_schema(string: msgspec.inspect.StrType) -> Schema:
    return Schema(
        type=OpenAPIType.STRING,
        min_length=string.min_length,
        max_length=string.max_length,
        pattern=string.pattern,
    )


def _options(prop: Schema) -> list[Schema]:
    """The property's schema and, for an optional one, its alternatives."""
    return [option for option in [prop, *(prop.one_of or [])] if isinstance(option, Schema)]


def _restore_items(kind: msgspec.inspect.Type, prop: Schema) -> None:
    """The length and pattern of the strings of a `list[str]` field (maybe `| None`), and
    of the keys and values of a `dict[str, str]` field with its size."""
    kind = _without_none(kind)
    if isinstance(kind, msgspec.inspect.ListType):
        item = _string(kind.item_type)
        if item is None:
            return
        for option in _options(prop):
            if isinstance(option.items, Schema):
                option.items.min_length = item.min_length
                option.items.max_length = item.max_length
                option.items.pattern = item.pattern
    elif isinstance(kind, msgspec.inspect.DictType):
        key, value = _string(kind.key_type), _string(kind.value_type)
        if key is None or value is None:
            return
        for option in _options(prop):
            if option.type is OpenAPIType.OBJECT:
                option.property_names = _string_schema(key)
                option.additional_properties = _string_schema(value)
                option.min_properties = kind.min_length
                option.max_properties = kind.max_length


def restore_constraints(document: OpenAPI, structs: Iterable[type[msgspec.Struct]]) -> None:
    """Add each number bound of the fields of `structs` that the document lacks to the
    field's property schema in the struct's component."""
    schemas = _components(document)
    for struct in structs:
        component = schemas.get(struct.__name__)
        info = msgspec.inspect.type_info(struct)
        if not isinstance(component, Schema) or not isinstance(info, msgspec.inspect.StructType):
            raise TypeError(f"the document has no component {struct.__name__}")
        for field in info.fields:
            prop = (component.properties or {}).get(field.encode_name)
            if not isinstance(prop, Schema):
                continue
            _restore_items(field.type, prop)
            number = _number(field.type)
            if number is None:
                continue
            for bound, keyword in _KEYWORDS.items():
                value = getattr(number, bound)
                if value is not None and getattr(prop, keyword) is None:
                    setattr(prop, keyword, value)


def add_rules(document: OpenAPI, rules: Mapping[str, Schema]) -> None:
    """Merge each rule (its attributes that are set) into what its key names: a component
    (`Approve`) or a component's property (`StartSession.phases`)."""
    schemas = _components(document)
    for name, rule in rules.items():
        component, _, prop = name.partition(".")
        target = schemas.get(component)
        if prop and isinstance(target, Schema):
            target = (target.properties or {}).get(prop)
        if not isinstance(target, Schema):
            raise TypeError(f"the document has no schema {name}")
        for field in dataclasses.fields(rule):
            value = getattr(rule, field.name)
            if value is not None:
                setattr(target, field.name, value)
