"""`python -m services.contract_documents DIR` (what `make types` runs): the wire contract
as documents, which the web UI's TypeScript types are generated from.

Writes three JSON documents into DIR:
- `read.json`, `orchestrator.json`: the OpenAPI documents the two services serve at
  `/schema/openapi.json`, taken from their apps, built but never started (no database);
- `frames.json`: the WebSocket frames of `/ws`, which OpenAPI cannot describe, as the
  components of an OpenAPI 3.1 document without paths, from msgspec's JSON Schema of
  shared/contract/frames.py.

Keys are sorted and the output ends with a newline, so the same code always writes the
same bytes: `make lint` regenerates them into a temporary directory and compares.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from services.orchestrator.app import create_app as orchestrator_app
from services.read.app import create_app as read_app
from shared.config.settings import Settings
from shared.config.version import package_version
from shared.contract import frames

_NEVER_CONNECTED = "postgresql://documents@127.0.0.1:1/none"
"""The read app wants a database URL; building its document never connects to it."""


def service_documents(settings: Settings) -> dict[str, dict[str, Any]]:
    """The OpenAPI documents of the read service and the orchestrator, by file stem."""
    read = read_app(settings, reader_url=_NEVER_CONNECTED, webui_dir=None)
    orchestrator = orchestrator_app(settings)
    return {
        "read": read.openapi_schema.to_schema(),
        "orchestrator": orchestrator.openapi_schema.to_schema(),
    }


def frames_document() -> dict[str, Any]:
    """The feed's frames as an OpenAPI 3.1 document: components only, no paths."""
    unions = {"ClientFrame": frames.ClientFrame, "ServerFrame": frames.ServerFrame}
    schemas, components = msgspec.json.schema_components(
        unions.values(), ref_template="#/components/schemas/{name}"
    )
    components.update(zip(unions, schemas, strict=True))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Pilothouse feed frames (WebSocket /ws of the read service)",
            "version": package_version(),
            "description": frames.__doc__,
        },
        "paths": {},
        "components": {"schemas": components},
    }


def write_documents(directory: Path) -> list[Path]:
    """Write every document into `directory` (created if missing); returns their paths."""
    documents = service_documents(Settings()) | {"frames": frames_document()}
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, document in documents.items():
        path = directory / f"{stem}.json"
        path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python -m services.contract_documents DIRECTORY")
    for path in write_documents(Path(sys.argv[1])):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
