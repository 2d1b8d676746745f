"""The live view's lines for a session's branch: its worktree's life, the setup command's
output, the commits Pilothouse makes, its gates and their output, review comments."""

from __future__ import annotations

from services.cli.figures import seconds
from shared.contract.payloads import (
    CommentPayload,
    CommitPayload,
    GateOutputPayload,
    GatePayload,
    SetupOutputPayload,
    WorkspacePayload,
)

BranchPayload = (
    WorkspacePayload | SetupOutputPayload | CommitPayload | GatePayload | GateOutputPayload
    | CommentPayload
)  # fmt: skip


def _short(commit: str | None) -> str:
    return (commit or "")[:12]


def _workspace(p: WorkspacePayload) -> str:
    missing = f" (missing: {', '.join(p.missing)})" if p.missing else ""
    return {
        "created": f"worktree {p.path} on {p.branch}",
        "recreated": f"worktree {p.path} checked out again on {p.branch}",
        "in_place": f"not isolated: working in {p.path}",
        "files_copied": f"copied {', '.join(p.files) or 'nothing'}{missing}",
        "setup_started": f"setup: {p.command}",
        "setup_finished": f"setup done ({seconds(p.duration_ms or 0)})",
        "setup_failed": f"setup failed with exit code {p.exit_code}",
        "base_merged": f"merged the base branch in cleanly ({_short(p.commit)})",
        "conflicts": f"merging the base branch conflicts in {', '.join(p.files)}",
        "merged": f"merged into {p.base_ref} ({p.strategy}) as {_short(p.commit)}",
        "removed": f"worktree removed ({p.reason})",
        "branch_deleted": f"branch {p.branch} deleted",
    }[p.action]


def _gate(p: GatePayload) -> tuple[str, str]:
    kind = "gate" if p.required else "advisory gate"
    if p.outcome is None:
        return f"◆ {kind} {p.gate}: {p.command}", "cyan"
    code = f", exit code {p.exit_code}" if p.exit_code is not None else ""
    colour = "green" if p.outcome.value == "passed" else ("red" if p.required else "yellow")
    took = seconds(p.duration_ms or 0)
    return f"◆ {kind} {p.gate} {p.outcome.value.replace('_', ' ')} ({took}{code})", colour


def _comment(p: CommentPayload) -> str:
    lines = f"{p.line_start}" if p.line_start == p.line_end else f"{p.line_start}-{p.line_end}"
    return f"✎ comment #{p.comment_id} on {p.path}:{lines} ({p.side.value}) {p.action}"


def branch_line(payload: BranchPayload) -> tuple[str, str]:
    """(text, colour) of one entry."""
    if isinstance(payload, SetupOutputPayload | GateOutputPayload):
        return f"│ {payload.line}", "dim"
    if isinstance(payload, GatePayload):
        return _gate(payload)
    if isinstance(payload, CommentPayload):
        return _comment(payload), "magenta"
    if isinstance(payload, CommitPayload):
        figures = f"{payload.files} files, +{payload.insertions} -{payload.deletions}"
        return f"⎇ commit {_short(payload.sha)} · {figures}", "yellow"
    colour = "red" if payload.action in ("setup_failed", "conflicts") else "yellow"
    return f"⎇ {_workspace(payload)}", colour
