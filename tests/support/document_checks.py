"""Whether a service's OpenAPI document calls a request body or a query value valid: for
tests that pin what the documents say about inputs the fuzzers found."""

from __future__ import annotations

import re
from typing import Any

# jsonschema comes with schemathesis, without type stubs.
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]


def body_is_valid(document: dict[str, Any], method: str, path: str, body: object) -> bool:
    """Whether `body` matches the request body schema of `method path` in `document`."""
    operation = document["paths"][path][method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    root = {**schema, "components": document["components"]}
    return bool(Draft202012Validator(root).is_valid(body))


def query_is_valid(document: dict[str, Any], path: str, name: str, value: str) -> bool:
    """Whether `value` matches the query parameter `name` of `GET path` in `document`
    (its pattern and length; the parameters here are strings)."""
    for parameter in document["paths"][path]["get"]["parameters"]:
        if parameter["name"] == name and parameter["in"] == "query":
            schema = parameter["schema"]
            pattern, longest = schema.get("pattern"), schema.get("maxLength", len(value))
            return len(value) <= longest and (pattern is None or bool(re.search(pattern, value)))
    raise LookupError(f"GET {path} has no query parameter {name!r}")
