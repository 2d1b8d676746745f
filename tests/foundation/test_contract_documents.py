"""The wire contract's documents (webui/openapi): current, whole, events discriminated.

The web UI's TypeScript types are generated from these files; `make lint` also fails when
either they or the generated types are stale. The fuzz tests check that the running
services serve the same OpenAPI documents as their apps build.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.contract_documents import write_documents
from shared.contract.enums import EventKind

COMMITTED = Path(__file__).resolve().parents[2] / "webui" / "openapi"
STEMS = ("frames", "orchestrator", "read")


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The documents as the code writes them now, by file stem."""
    directory = tmp_path_factory.mktemp("documents")
    return {path.stem: json.loads(path.read_text()) for path in write_documents(directory)}


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_the_committed_documents_are_the_ones_the_code_writes(
    documents: dict[str, dict[str, Any]],
) -> None:
    assert sorted(documents) == list(STEMS)
    for stem, document in documents.items():
        committed = json.loads((COMMITTED / f"{stem}.json").read_text())
        assert committed == document, f"webui/openapi/{stem}.json is stale: run `make types`"


@pytest.mark.parametrize("stem", STEMS)
def test_every_reference_resolves_and_no_name_is_a_module_path(
    documents: dict[str, dict[str, Any]], stem: str
) -> None:
    schemas = documents[stem]["components"]["schemas"]
    refs = set(_refs(documents[stem]))
    assert refs, "a document without references says nothing about them"
    assert {ref.removeprefix("#/components/schemas/") for ref in refs} <= set(schemas)
    assert [name for name in schemas if "." in name] == []


def test_events_are_one_component_discriminated_by_kind(
    documents: dict[str, dict[str, Any]],
) -> None:
    schemas = documents["read"]["components"]["schemas"]
    union = schemas["EventView"]
    mapping = union["discriminator"]["mapping"]

    assert union["discriminator"]["propertyName"] == "kind"
    assert sorted(mapping) == sorted(kind.value for kind in EventKind)
    assert sorted(arm["$ref"] for arm in union["oneOf"]) == sorted(mapping.values())
    for kind, ref in mapping.items():
        variant = schemas[ref.removeprefix("#/components/schemas/")]
        assert variant["properties"]["kind"] == {"type": "string", "const": kind}
        assert {"kind", "payload"} <= set(variant["required"])
    assert schemas["Page_EventView_"]["properties"]["items"]["items"] == {
        "$ref": "#/components/schemas/EventView"
    }


def test_the_events_frame_carries_the_same_discriminated_union(
    documents: dict[str, dict[str, Any]],
) -> None:
    read = documents["read"]["components"]["schemas"]["EventView"]
    frames = documents["frames"]["components"]["schemas"]
    events = frames["Events"]["properties"]["events"]["items"]

    assert events["discriminator"] == read["discriminator"]
    assert sorted(arm["$ref"] for arm in events["anyOf"]) == sorted(
        arm["$ref"] for arm in read["oneOf"]
    )
    assert set(frames["ServerFrame"]["discriminator"]["mapping"]) == {
        "events",
        "subscribed",
        "resync",
        "error",
        "pong",
    }
