"""A tiny stdio MCP server that a repository's `.mcp.json` can name
(tests/orchestrator/test_supervised_repo_settings.py): one tool, `note`, and a mark
left on disk when it starts and when its tool runs, so a test sees whether the agent's
CLI ever started it. It speaks just enough of MCP's JSON-RPC (initialize, tools/list,
tools/call; one message a line) for the Claude Code CLI.

Run as `python mcp_probe_server.py <marks directory>`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SERVER = "repo"
TOOL = "note"
STARTED = "started"
CALLED = "called"

NOTE = {
    "name": TOOL,
    "description": "Keep a note.",
    "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}},
}


def result_of(marks: Path, method: str, params: dict[str, Any]) -> dict[str, Any]:
    if method == "initialize":
        return {
            "protocolVersion": params.get("protocolVersion", "2025-06-18"),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": SERVER, "version": "1"},
        }
    if method == "tools/list":
        return {"tools": [NOTE]}
    if method == "tools/call":
        text = str((params.get("arguments") or {}).get("text", ""))
        (marks / CALLED).write_text(text)
        return {"content": [{"type": "text", "text": f"noted: {text}"}]}
    return {}


def serve(marks: Path) -> None:
    marks.mkdir(parents=True, exist_ok=True)
    (marks / STARTED).write_text("the repository's MCP server started\n")
    for line in sys.stdin:
        message = json.loads(line)
        if "id" not in message:
            continue  # a notification
        result = result_of(marks, str(message.get("method")), message.get("params") or {})
        reply = {"jsonrpc": "2.0", "id": message["id"], "result": result}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
