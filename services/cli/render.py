"""The live log for people: phase and agent headers, one line per tool call, wrapped
assistant text, status changes, and the cost at the end.

`LiveView` is a follow.Sink. Its events arrive decoded as shared.contract.events.EventView,
each payload typed by its kind.
"""

from __future__ import annotations

import textwrap
from typing import TextIO

import msgspec

from services.cli.branch_lines import branch_line
from services.cli.figures import money, seconds, session_totals, turns
from services.cli.requests import BELL, outcome_line, request_lines
from services.cli.style import Style, line_width
from services.cli.tool_calls import first_line, summarize
from services.cli.unfenced import HOW_TO_FENCE, MEANING
from shared.contract.enums import EventKind, PermissionStatus
from shared.contract.events import EventView
from shared.contract.frames import Error, ServerFrame
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
from shared.contract.permissions import PermissionRequestView
from shared.contract.wire import AgentView, SessionDetail, SessionView

INDENT = "  "
PHASE_ENDS = {"completed": ("✓", "green"), "failed": ("✗", "red")}


def clip(text: str, width: int) -> str:
    """`text` on one line of at most `width` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"


class LiveView:
    """Writes one session's log to `out` as it arrives."""

    def __init__(self, out: TextIO, style: Style, width: int | None = None) -> None:
        self._out = out
        self._style = style
        self._width = width or line_width()
        self._places: list[tuple[str, str]] = []
        self._slug = ""
        self._agents: dict[int, AgentView] = {}
        self._status: str | None = None
        self._said_unfenced = False
        self._errors: set[str] = set()
        """Error messages already shown: an agent's failure is reported by its error
        entry, its row and the session's row alike; one line says it."""

    def _line(self, text: str = "", *styles: str, indent: str = "") -> None:
        self._out.write(indent + self._style(text, *styles) + "\n")

    def header(self, detail: SessionDetail) -> None:
        """Which session this is, before its log."""
        session = detail.session
        self._slug = session.slug
        self._places = [(session.artifact_dir, "artifacts"), (detail.project.path, "")]
        self._agents.update((agent.id, agent) for agent in detail.agents)
        phases = " → ".join(phase.value for phase in session.phases)
        self._line(f"session {session.slug} (#{session.id})", "bold")
        mode = " · scripted model" if session.model_mode.value == "scripted" else ""
        limit = session.max_budget_usd
        budget = f" · limit ${limit:.2f}" if limit is not None else ""
        self._line(f"project {detail.project.slug} · phases {phases}{mode}{budget}", "dim")
        self._unfenced(session)
        if not session.isolated:
            where = f"not isolated: agents work in {detail.project.path} itself"
            self._line(where, "yellow")
        else:
            base = session.base_ref or (session.base_commit or "")[:12]
            self._line(f"branch {session.branch} from {base}", "dim")
            if session.worktree:
                self._places.insert(0, (session.worktree, ""))

    def footer(self, session: SessionView) -> None:
        """What the run cost, once the session has stopped."""
        self._line(f"total {session_totals(session)}", "bold", indent=INDENT)
        self._out.flush()

    def frame(self, frame: ServerFrame) -> None:
        if isinstance(frame, Error):
            self._line(f"read service: {frame.code}: {frame.message}", "yellow")

    def events(self, topic: str, events: list[EventView]) -> None:
        for event in events:
            self._show(event)
        self._out.flush()

    def _show(self, event: EventView) -> None:
        if event.kind is EventKind.SESSION_CHANGED:
            self._session_changed(event.payload)
        elif event.kind is EventKind.AGENT_CHANGED:
            self._agent_changed(event.payload)
        elif event.kind is EventKind.PERMISSION_CHANGED:
            self._request(event.payload)
        elif event.kind is EventKind.THINKING:
            self._prose(event.payload, "dim")
        elif event.kind is not EventKind.PROJECT_CHANGED:
            self._log_entry(event.payload)

    def _unfenced(self, session: SessionView) -> None:
        """Once, as soon as the session is marked so (when its first unfenced agent starts)."""
        if session.unfenced and not self._said_unfenced:
            self._said_unfenced = True
            self._line(f"UNFENCED: {MEANING}", "yellow")
            self._line(HOW_TO_FENCE, "yellow", indent=INDENT)

    def _session_changed(self, session: SessionView) -> None:
        self._unfenced(session)
        if session.status.value == self._status:
            return
        self._status = session.status.value
        colour = {"completed": "green", "merged": "green", "failed": "red"}.get(
            self._status, "yellow"
        )
        error = f": {session.error}" if session.error and session.error not in self._errors else ""
        self._line(f"● session {self._status}{error}", "bold", colour)

    def _request(self, request: PermissionRequestView) -> None:
        """A request that needs the user rings the bell and says how to answer it."""
        if request.status is PermissionStatus.PENDING:
            self._out.write(BELL)
            for line in request_lines(self._slug or str(request.session_id), request):
                self._line(line, "bold", "yellow", indent=INDENT)
        else:
            colour = "green" if request.status is PermissionStatus.ALLOWED else "yellow"
            self._line(outcome_line(request), colour, indent=INDENT)

    def _agent_changed(self, agent: AgentView) -> None:
        self._agents[agent.id] = agent
        if agent.error and agent.error not in self._errors:
            self._errors.add(agent.error)
            message = f"agent {agent.id} {agent.status.value}: {agent.error}"
            self._line(message, "red", indent=INDENT)

    def _log_entry(self, payload: msgspec.Struct) -> None:
        width = self._width - 2 * len(INDENT)
        match payload:
            case PhasePayload(state="started"):
                self._phase_started(payload)
            case PhasePayload():
                mark, colour = PHASE_ENDS.get(payload.state, ("■", "yellow"))
                self._line(f"{mark} {payload.phase.value} {payload.state}", colour)
            case UserPayload():
                self._line(f"task: {clip(payload.text, width - 6)}", "dim", indent=INDENT)
            case SystemPayload(subtype="init"):
                model = payload.model or "default model"
                scripted = " (scripted model)" if payload.scripted else ""
                self._line(f"model {model}{scripted}", "dim", indent=INDENT)
            case TextPayload():
                self._prose(payload)
            case ToolUsePayload():
                summary = summarize(payload.name, payload.input, self._places)
                call = f"→ {payload.name} " + clip(summary, width - len(payload.name) - 3)
                self._line(call.rstrip(), "cyan", indent=INDENT)
            case ToolResultPayload():
                self._tool_result(payload, width - len(INDENT))
            case ResultPayload():
                figures = f"{turns(payload.turns)} · {money(payload.cost_usd)}"
                figures += f" · {seconds(payload.duration_ms)}"
                colour = "yellow" if payload.cancelled else "red" if payload.is_error else "dim"
                self._line(f"result: {payload.outcome} · {figures}", colour, indent=INDENT)
            case StderrPayload():
                self._line(f"stderr: {clip(payload.line, width - 8)}", "dim", indent=INDENT)
            case ErrorPayload():
                self._errors.add(payload.message)
                self._line(f"error: {payload.message}", "red", indent=INDENT)
            case (
                WorkspacePayload() | SetupOutputPayload() | CommitPayload() | GatePayload()
                | GateOutputPayload() | CommentPayload()
            ):  # fmt: skip
                if isinstance(payload, WorkspacePayload) and payload.action.endswith("created"):
                    self._places.insert(0, (payload.path or "", ""))
                text, colour = branch_line(payload)
                # Paths and commits in full; only a setup command's output is cut to fit.
                cut = isinstance(payload, SetupOutputPayload | GateOutputPayload)
                shown = clip(text, width) if cut else text
                self._line(shown, colour, indent=INDENT)

    def _phase_started(self, payload: PhasePayload) -> None:
        agent = self._agents.get(payload.agent_id or -1)
        resumed = f" · resumes agent {agent.resumed_from}" if agent and agent.resumed_from else ""
        title = self._style(f"▶ {payload.phase.value}", "bold", "cyan")
        self._out.write(f"\n{title}" + self._style(f" · agent {payload.agent_id}{resumed}", "dim"))
        self._out.write("\n")

    def _prose(self, payload: TextPayload, *styles: str) -> None:
        """Assistant text (or thinking, dimmed), wrapped line by line to the width."""
        width = self._width - len(INDENT)
        for paragraph in payload.text.strip().splitlines():
            lines = textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""]
            for line in lines:
                self._line(line, *styles, indent=INDENT)

    def _tool_result(self, payload: ToolResultPayload, width: int) -> None:
        text, more = first_line(payload.content)
        extra = f" (+{more} lines)" if more else ""
        mark, colour = ("✗", "red") if payload.is_error else ("←", "dim")
        shown = clip(f"{mark} {text}", width - len(extra)) + extra
        self._line(shown, colour, indent=INDENT * 2)
