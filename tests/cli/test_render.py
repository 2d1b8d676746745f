"""The human views of a log, on hand-made events: what a terminal and a reader see."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest

from services.cli.markdown import MarkdownTranscript, fenced, inline_code
from services.cli.render import LiveView
from services.cli.style import Style
from services.cli.tool_calls import summarize
from shared.contract.enums import EventKind
from shared.contract.events import EventView
from shared.contract.payloads import PhasePayload, TextPayload, ToolResultPayload, ToolUsePayload
from shared.contract.wire import ProjectView, SessionDetail, SessionView

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
PROJECT = "/work/demo"
ARTIFACTS = "/data/sessions/s-1"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def event(number: int, kind: EventKind, payload: msgspec.Struct | dict[str, Any]) -> EventView:
    """An event as a client gets it: decoded by the union, its payload checked by kind."""
    body = payload if isinstance(payload, dict) else msgspec.to_builtins(payload)
    fields = {
        "id": number,
        "position": 100 + number,
        "token": str(100 + number),
        "project_id": 1,
        "session_id": 1,
        "agent_id": None if kind is EventKind.SESSION_CHANGED else 7,
        "kind": kind.value,
        "payload": body,
        "created_at": NOW,
    }
    decoded: EventView = msgspec.convert(fields, EventView)
    return decoded


def session(status: str = "running", **changes: Any) -> SessionView:
    fields = {
        "id": 1,
        "slug": "s-1",
        "project_id": 1,
        "title": "Greet",
        "prompt": "Add a greeting",
        "status": status,
        "current_phase": "build",
        "phases": ["build"],
        "artifact_dir": ARTIFACTS,
        "model_mode": "scripted",
        "cost_usd": 0.5,
        "input_tokens": 1200,
        "output_tokens": 34,
        "cache_read_tokens": 0,
        "cache_creation_tokens": 0,
        "turns": 3,
        "error": None,
        "created_at": NOW,
        "updated_at": NOW,
        "started_at": NOW,
        "finished_at": None,
    }
    return msgspec.convert(fields | changes, SessionView)


def detail() -> SessionDetail:
    project = ProjectView(
        id=1,
        slug="demo",
        name="demo",
        path=PROJECT,
        description=None,
        status="ready",  # type: ignore[arg-type]
        default_branch="trunk",
        setup_files=[],
        setup_command=None,
        created_at=NOW,
        updated_at=NOW,
        archived_at=None,
    )
    return SessionDetail(session=session(), project=project, agents=[], token="0")


def rendered(events: list[EventView], *, color: bool = False, width: int = 60) -> str:
    out = io.StringIO()
    view = LiveView(out, Style(color), width=width)
    view.header(detail())
    view.events("session:1", events)
    return out.getvalue()


LOG = [
    event(1, EventKind.SESSION_CHANGED, msgspec.to_builtins(session("queued"))),
    event(2, EventKind.SESSION_CHANGED, msgspec.to_builtins(session("running"))),
    event(3, EventKind.SESSION_CHANGED, msgspec.to_builtins(session("running", turns=9))),
    event(4, EventKind.PHASE, PhasePayload(phase="build", state="started", agent_id=7)),  # type: ignore[arg-type]
    event(5, EventKind.TEXT, TextPayload(text="word " * 40)),
    event(
        6,
        EventKind.TOOL_USE,
        ToolUsePayload(
            tool_use_id="t1",
            name="Write",
            input={"file_path": f"{ARTIFACTS}/spec.md", "content": "x" * 500},
        ),
    ),
    event(
        7,
        EventKind.TOOL_USE,
        ToolUsePayload(
            tool_use_id="t2",
            name="Edit",
            input={"file_path": f"{PROJECT}/src/app.py", "old_string": "a", "new_string": "b"},
        ),
    ),
    event(8, EventKind.TOOL_RESULT, ToolResultPayload(tool_use_id="t2", content="one\ntwo\nthree")),
    event(
        9,
        EventKind.TOOL_RESULT,
        ToolResultPayload(tool_use_id="t3", content="denied", is_error=True),
    ),
]


def test_live_view_lines() -> None:
    lines = rendered(LOG).splitlines()

    assert lines[:2] == ["session s-1 (#1)", "project demo · phases build · scripted model"]
    # A status is shown when it changes, not on every update of the row.
    assert [line for line in lines if line.startswith("●")] == [
        "● session queued",
        "● session running",
    ]
    assert "▶ build · agent 7" in lines
    prose = [line for line in lines if line.startswith("  word")]
    assert len(prose) > 1
    assert all(len(line) <= 60 for line in prose)
    assert "  → Write artifacts/spec.md" in lines
    assert "  → Edit src/app.py" in lines
    assert "    ← one (+2 lines)" in lines
    assert lines[-1] == "    ✗ denied"


def test_a_payload_unlike_its_kind_does_not_decode() -> None:
    # The union checks each payload against its kind when a client decodes it, so the
    # views never meet a malformed entry (the follower says what it could not read).
    with pytest.raises(msgspec.ValidationError, match="payload"):
        event(10, EventKind.TEXT, {"unexpected": "shape"})


def test_colour_only_when_asked() -> None:
    assert not ANSI.search(rendered(LOG))
    coloured = rendered(LOG, color=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == rendered(LOG)


def test_tool_summaries() -> None:
    places = [(ARTIFACTS, "artifacts"), (PROJECT, "")]
    assert summarize("Bash", {"command": "ls\n  -la"}) == "ls -la"
    assert summarize("Grep", {"pattern": "TODO", "path": f"{PROJECT}/src"}, places) == "TODO src"
    assert summarize("TodoWrite", {"todos": [{}, {}]}) == "2 items"
    assert summarize("mcp__db__query", {"sql": "select 1"}) == '{"sql": "select 1"}'
    assert summarize("mcp__fs__open", {"path": "/elsewhere/x"}, places) == "/elsewhere/x"


def test_markdown_keeps_code_fences_intact() -> None:
    content = "before\n```python\nprint(1)\n```\nafter"
    block = fenced(content)
    assert block.startswith("````\n")
    assert block.endswith("\n````")
    assert inline_code("a`b") == "`` a`b ``"
    document = MarkdownTranscript(detail()).document(
        [
            LOG[3],
            event(
                11,
                EventKind.TOOL_USE,
                ToolUsePayload(
                    tool_use_id="t4", name="Write", input={"file_path": "/x.md", "content": content}
                ),
            ),
        ]
    )
    assert "## build — agent 7" in document
    assert f"\n{block}\n" in document
