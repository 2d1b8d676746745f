"""What a tool call is about, in a few words: the key input of each known tool.

Both the live view and the Markdown export name a call by its tool and this summary
(`Write hello.py`, `Bash ls -1`), with paths shortened against the directories a
session works in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

KEY_INPUTS: dict[str, tuple[str, ...]] = {
    "Read": ("file_path",),
    "Write": ("file_path",),
    "Edit": ("file_path",),
    "MultiEdit": ("file_path",),
    "NotebookEdit": ("notebook_path",),
    "Bash": ("command",),
    "Glob": ("pattern", "path"),
    "Grep": ("pattern", "path"),
    "WebFetch": ("url",),
    "WebSearch": ("query",),
    "Task": ("description",),
    "Agent": ("description",),
}
"""The inputs that say what a call of a known tool does, most telling first."""

GENERIC_KEYS = ("file_path", "path", "command", "pattern", "url", "query", "description")
"""What to look for in the input of a tool not listed above (MCP tools, new tools)."""

PATH_KEYS = frozenset({"file_path", "notebook_path", "path"})


def shorten_path(path: str, places: Sequence[tuple[str, str]]) -> str:
    """`path` relative to the first of `places` (directory, label) that holds it."""
    for directory, label in places:
        if not directory:
            continue
        try:
            relative = PurePath(path).relative_to(directory)
        except ValueError:
            continue
        return str(PurePath(label) / relative) if label else str(relative)
    return path


def summarize(name: str, tool_input: dict[str, Any], places: Sequence[tuple[str, str]] = ()) -> str:
    """One line saying what the call does, e.g. `spec.md` for a Write, the command for Bash."""
    keys = KEY_INPUTS.get(name, GENERIC_KEYS)
    parts = []
    for key in keys:
        value = tool_input.get(key)
        if isinstance(value, str) and value:
            parts.append(shorten_path(value, places) if key in PATH_KEYS else value)
    if name == "TodoWrite" and isinstance(tool_input.get("todos"), list):
        parts.append(f"{len(tool_input['todos'])} items")
    if not parts and tool_input:
        parts.append(json.dumps(tool_input, ensure_ascii=False, sort_keys=True))
    return " ".join(" ".join(part.split()) for part in parts)


def first_line(text: str) -> tuple[str, int]:
    """The first non-empty line of `text`, and how many more lines follow it."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return "", 0
    return lines[0].strip(), len(lines) - 1
