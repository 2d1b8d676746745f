"""Tagged unions in a service's OpenAPI document: one named component with a discriminator.

Litestar (2.25) documents a msgspec tagged union as an inline `oneOf` of its variants
with no `discriminator`, and names a generic over it after every variant's module path
(`Page_shared.contract.events.ProjectChanged_shared.contract.events.SessionChanged_…`).
A generator then finds no name for the union and no property to tell its variants apart
by. `name_tagged_unions` rewrites the built document: each union becomes a component of
its own name — `oneOf` its variants, discriminated by their tag field — every inline copy
a reference to it, and generics over any contract type are named without module paths
(`Page_EventView_`, `Page_ProjectView_`). docs/api.md says what clients make of it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any, get_args

import msgspec
from litestar.openapi.spec import Components, Discriminator, OpenAPI, Reference, Schema

_COMPONENTS = "#/components/schemas/"
_MODULE_PATH = re.compile(r"(?:^|(?<=_))(?:[a-z][a-z0-9_]*\.)+(?=[A-Z])")
"""`shared.contract.wire.` before a class name in a generated component name."""

Rewrite = Callable[[object], object | None]


def _walk(node: object, rewrite: Rewrite) -> object:
    """`node` with every part that `rewrite` answers for replaced, depth first."""
    replaced = rewrite(node)
    if replaced is not None:
        return replaced
    if isinstance(node, list):
        return [_walk(item, rewrite) for item in node]
    if isinstance(node, dict):
        return {key: _walk(value, rewrite) for key, value in node.items()}
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            setattr(node, field.name, _walk(getattr(node, field.name), rewrite))
    return node


def _variants(union: Any) -> tuple[type[msgspec.Struct], ...]:
    variants: tuple[type[msgspec.Struct], ...] = get_args(union)
    tag_fields = {variant.__struct_config__.tag_field for variant in variants}
    if not variants or len(tag_fields) != 1 or None in tag_fields:
        raise TypeError(f"{union!r} is not a union of Structs tagged by one field")
    return variants


def _name_union(components: Components, document: OpenAPI, name: str, union: Any) -> str:
    """Make `union` the component `name`; returns how Litestar spelled it in names."""
    variants = _variants(union)
    missing = [v.__name__ for v in variants if v.__name__ not in (components.schemas or {})]
    if missing:
        raise LookupError(f"the document has no component for {', '.join(missing)}")
    mapping = {
        str(variant.__struct_config__.tag): _COMPONENTS + variant.__name__ for variant in variants
    }
    refs = set(mapping.values())

    def inline_copy(node: object) -> object | None:
        arms = node.one_of if isinstance(node, Schema) else None
        if arms and len(arms) == len(refs) and {getattr(arm, "ref", None) for arm in arms} == refs:
            return Reference(_COMPONENTS + name)
        return None

    _walk(document, inline_copy)  # (builds new dicts: components.schemas is a new one now)
    # Added after the walk, which would otherwise turn it into a reference to itself.
    tag_field = variants[0].__struct_config__.tag_field
    components.schemas[name] = Schema(
        title=name,
        description=f"One of {len(variants)} variants, told apart by `{tag_field}`.",
        one_of=[Reference(ref) for ref in mapping.values()],
        discriminator=Discriminator(property_name=str(tag_field), mapping=mapping),
    )
    return "_".join(variant.__name__ for variant in variants)


def name_tagged_unions(document: OpenAPI, unions: Mapping[str, Any]) -> None:
    """Rewrite `document` in place so that each union of `unions` is the named component
    with a discriminator, and no component name carries a module path."""
    components = document.components
    if not isinstance(components, Components) or components.schemas is None:
        raise LookupError("the document has no component schemas")
    spelled = {
        _name_union(components, document, name, union): name for name, union in unions.items()
    }
    renames: dict[str, str] = {}
    for old in list(components.schemas):
        new = _MODULE_PATH.sub("", old)
        for spelling, union_name in spelled.items():
            new = new.replace(spelling, union_name)
        if new == old:
            continue
        if new in components.schemas or new in renames.values():
            raise ValueError(f"renaming component {old!r} to {new!r} would hide another")
        schema = components.schemas.pop(old)
        if isinstance(schema, Schema) and schema.title and new.endswith("_"):
            # `Page_EventView_` reads `Page[EventView]`, not Page[UnionType[…13 names…]].
            generic, _, argument = new[:-1].partition("_")
            schema.title = f"{generic}[{argument}]"
        components.schemas[new] = schema
        renames[_COMPONENTS + old] = _COMPONENTS + new

    def renamed(node: object) -> object | None:
        if isinstance(node, Reference) and node.ref in renames:
            return Reference(renames[node.ref])
        return None

    _walk(document, renamed)
    components.schemas = dict(sorted(components.schemas.items()))
