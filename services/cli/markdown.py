"""A session's whole transcript as a Markdown document, for reading or sharing.

Everything is kept: the full prompt of every agent, assistant text as written (it is
Markdown already), thinking as quotes, every tool call with its whole input and result
in fenced blocks, and the figures of every agent and of the session.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import msgspec

from services.cli.branch_lines import branch_line
from services.cli.figures import local_time, money, seconds, session_totals, turns
from services.cli.tool_calls import summarize
from services.cli.unfenced import LABEL, MEANING
from shared.contract.enums import EventKind
from shared.contract.events import EventView
from shared.contract.payloads import (
    CommentPayload,
    CommitPayload,
    ErrorPayload,
    GateOutputPayload,
    GatePayload,
    PhasePayload,
    ResultPayload,
    SetupOutputPayload,
    StderrPayload,
    SystemPayload,
    TextPayload,
    ToolResultPayload,
    ToolUsePayload,
    UserPayload,
    WorkspacePayload,
)
from shared.contract.wire import SessionDetail

_BACKTICKS = re.compile(r"`+")


def fenced(text: str, info: str = "") -> str:
    """`text` in a code fence longer than any run of backticks inside it."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"


def inline_code(text: str) -> str:
    """`text` as inline code, with a longer delimiter if it holds backticks itself."""
    if "`" not in text:
        return f"`{text}`"
    longest = max(len(run) for run in _BACKTICKS.findall(text))
    ticks = "`" * (longest + 1)
    return f"{ticks} {text} {ticks}"


def quoted(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


def _tool_input(tool_input: dict[str, Any]) -> list[str]:
    """A call's input as JSON, with multi-line text (file contents, edits) in blocks of
    their own, where it reads as written rather than as one escaped string."""
    texts = {k: v for k, v in tool_input.items() if isinstance(v, str) and "\n" in v}
    rest = {k: v for k, v in tool_input.items() if k not in texts}
    blocks = [fenced(json.dumps(rest, indent=2, ensure_ascii=False), "json")] if rest else []
    for key, text in texts.items():
        blocks += [f"{inline_code(key)}:", fenced(text)]
    return blocks


def _heading(detail: SessionDetail) -> list[str]:
    session, project = detail.session, detail.project
    rows = [
        ("session", f"`{session.slug}` (#{session.id})"),
        ("project", f"{project.slug} ({inline_code(project.path)})"),
        ("status", session.status.value),
        ("phases", " → ".join(phase.value for phase in session.phases)),
        ("model", session.model_mode.value),
        ("created", local_time(session.created_at)),
        ("totals", session_totals(session)),
    ]
    if session.unfenced:
        rows.insert(3, ("fence", f"{LABEL}: {MEANING}"))
    table = ["| | |", "| --- | --- |", *(f"| {name} | {value} |" for name, value in rows)]
    return [f"# {session.title}", "", *table, "", "## Prompt", "", session.prompt.strip()]


class MarkdownTranscript:
    """Turns a session's events into Markdown blocks, in order."""

    def __init__(self, detail: SessionDetail) -> None:
        self._detail = detail
        session = detail.session
        worktree = [(session.worktree, "")] if session.worktree else []
        self._places = [*worktree, (session.artifact_dir, "artifacts"), (detail.project.path, "")]
        self._status: str | None = None

    def document(self, events: Iterable[EventView]) -> str:
        lines = _heading(self._detail)
        for event in events:
            for block in self._blocks(event):
                lines += ["", block]
        return "\n".join(lines) + "\n"

    def _blocks(self, event: EventView) -> list[str]:
        if event.kind is EventKind.SESSION_CHANGED:
            session = event.payload
            if session.status.value == self._status:
                return []
            self._status = session.status.value
            error = f": {session.error}" if session.error else ""
            return [f"*Session {self._status}{error}.*"]
        if event.kind is EventKind.AGENT_CHANGED or event.kind is EventKind.PROJECT_CHANGED:
            return []
        return self._log_entry(event.kind, event.payload)

    def _log_entry(self, kind: EventKind, payload: msgspec.Struct) -> list[str]:
        blocks: list[str] = []
        match payload:
            case PhasePayload(state="started"):
                blocks = [f"## {payload.phase.value} — agent {payload.agent_id}"]
            case PhasePayload():
                blocks = [f"**{payload.phase.value} {payload.state}.**"]
            case UserPayload():
                blocks = ["**Task**", quoted(payload.text)]
            case SystemPayload(subtype="init"):
                scripted = " (scripted)" if payload.scripted else ""
                blocks = [f"*Model {payload.model or 'default'}{scripted}.*"]
            case TextPayload() if kind is EventKind.THINKING:
                blocks = [quoted(f"*Thinking:* {payload.text}")]
            case TextPayload():
                blocks = [payload.text.strip()]
            case ToolUsePayload():
                summary = summarize(payload.name, payload.input, self._places)
                blocks = [f"**{payload.name}** {inline_code(summary)}", *_tool_input(payload.input)]
            case ToolResultPayload():
                label = "Error" if payload.is_error else "Result"
                blocks = [f"{label}:", fenced(payload.content)]
            case ResultPayload():
                figures = f"{turns(payload.turns)} · {money(payload.cost_usd)}"
                blocks = [
                    f"*Result: {payload.outcome} · {figures} · {seconds(payload.duration_ms)}*"
                ]
            case StderrPayload():
                blocks = [fenced(payload.line, "text")]
            case ErrorPayload():
                blocks = [f"**Error:** {payload.message}"]
            case (
                WorkspacePayload() | SetupOutputPayload() | CommitPayload() | GatePayload()
                | GateOutputPayload() | CommentPayload()
            ):  # fmt: skip
                blocks = [f"*{branch_line(payload)[0]}*"]
        return blocks
