"""Bodies that refuse unknown fields say so in the OpenAPI document.

msgspec refuses a field a Struct does not declare when the Struct is
`forbid_unknown_fields=True` (every command body is), but Litestar (2.25) documents every
Struct as an open object, so a generated client — or a schema fuzzer — believes extra
fields are accepted. `close_objects` marks the component of each such Struct
`additionalProperties: false`, as the decoder behaves.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec
from litestar.openapi.spec import Components, OpenAPI, Schema


def close_objects(document: OpenAPI, structs: Iterable[type[msgspec.Struct]]) -> None:
    """Mark the component of every Struct in `structs` that forbids unknown fields as
    closed; a Struct that is not in the document is an error (a stale list)."""
    components = document.components
    if not isinstance(components, Components) or components.schemas is None:
        raise LookupError("the document has no component schemas")
    for struct in structs:
        if not struct.__struct_config__.forbid_unknown_fields:
            raise TypeError(f"{struct.__name__} accepts unknown fields: nothing to close")
        schema = components.schemas.get(struct.__name__)
        if schema is None:
            raise LookupError(f"the document has no component {struct.__name__}")
        if isinstance(schema, Schema):
            schema.additional_properties = False
