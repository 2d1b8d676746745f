"""The live view's lines for a session's branch: its worktree's life, the setup command's
output, and the commits Pilothouse makes."""

from __future__ import annotations

from services.cli.figures import seconds
from shared.contract.payloads import CommitPayload, SetupOutputPayload, WorkspacePayload


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


def branch_line(payload: WorkspacePayload | SetupOutputPayload | CommitPayload) -> tuple[str, str]:
    """(text, colour) of one entry."""
    if isinstance(payload, SetupOutputPayload):
        return f"│ {payload.line}", "dim"
    if isinstance(payload, CommitPayload):
        figures = f"{payload.files} files, +{payload.insertions} -{payload.deletions}"
        return f"⎇ commit {_short(payload.sha)} · {figures}", "yellow"
    colour = "red" if payload.action in ("setup_failed", "conflicts") else "yellow"
    return f"⎇ {_workspace(payload)}", colour
