"""Wire types of a session's changes and their review: what the read service shows of a
session's branch, and the orchestrator's approve and prune commands and answers.

Changes are stored by the orchestrator when it commits (one row per changed file, with
the unified patch clipped to a bound), so the read service serves them from the database
without running git, and they outlive the worktree (docs/architecture.md, "Workspaces").
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from shared.contract.enums import AgentKind, CommitKind, FileStatus, MergeStrategy, SessionStatus
from shared.contract.wire import TEXT_PATTERN

CommitMessage = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000, pattern=TEXT_PATTERN)]


class FileChange(msgspec.Struct, kw_only=True):
    """One changed file of a scope (the whole session, or one commit)."""

    path: str
    old_path: str | None
    """The path before a rename or copy."""
    status: FileStatus
    insertions: int
    deletions: int
    binary: bool
    """Binary files have no patch and count 0 lines."""
    truncated: bool
    """The stored patch was cut at the size bound (`patch_bytes` says how long it was)."""


class FileDiff(FileChange, kw_only=True):
    """One file's unified diff (`diff --git` header included), as git printed it."""

    patch: str
    patch_bytes: int
    """Size of the whole patch as git produced it; larger than `patch` when truncated."""


class CommitView(msgspec.Struct, kw_only=True):
    """A commit Pilothouse made on a session's branch."""

    id: int
    session_id: int
    agent_id: int | None
    phase: AgentKind | None
    kind: CommitKind
    sha: str
    parent_sha: str
    message: str
    files: int
    insertions: int
    deletions: int
    created_at: datetime


class ChangeSet(msgspec.Struct, kw_only=True):
    """The changed files of a session (against its base commit) or of one agent's commit."""

    session_id: int
    scope: Literal["session", "agent"]
    agent_id: int | None
    from_commit: str | None
    """The session's base commit, or the agent commit's parent."""
    to_commit: str | None
    """The session branch's head, or the agent's commit (null: the agent changed nothing)."""
    isolated: bool
    files: list[FileChange]
    insertions: int
    deletions: int
    suggested_message: str | None = None
    """Session scope: approve's default squash message (the spec's title, else the
    session's)."""


class Approve(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Merge the session's branch into its base branch in the project's main checkout."""

    strategy: MergeStrategy = MergeStrategy.SQUASH
    message: CommitMessage | None = None
    """The squash commit's message (or the merge commit's); default: suggested_message."""


class ReviewOutcome(msgspec.Struct, kw_only=True):
    """The answer to approve, discard and keep (HTTP 200): the session as it now is."""

    session_id: int
    slug: str
    status: SessionStatus
    merged_commit: str | None = None
    """approve: the commit the base branch now points at."""
    base_ref: str | None = None
    """approve: the base branch it was merged into."""
    branch: str | None = None
    """keep: the branch left for the user."""
    token: str
    """Feed position before the command's own writes."""


MAX_AGE_SECONDS = 100 * 366 * 24 * 3600
"""The oldest age a prune may name: beyond it, `now - age` is no date."""


class PruneWorktrees(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Remove the worktrees of sessions that stopped longer ago than `older_than_seconds`."""

    older_than_seconds: Annotated[int, msgspec.Meta(ge=0, le=MAX_AGE_SECONDS)] | None = None
    """Default: the configured PILOTHOUSE_WORKTREE_RETENTION_DAYS. At most 100 years: a
    larger age is no date (it was a 500 before it had a bound)."""
    dry_run: bool = False


class WorktreeEntry(msgspec.Struct, kw_only=True):
    session_id: int
    slug: str
    status: SessionStatus
    path: str
    bytes: int
    action: Literal["removed", "would_remove", "kept"]
    reason: str
    """Why it was (or would be) removed or kept: `stopped 9 days ago`, `running`…"""
    committed: str | None = None
    """Uncommitted changes found there were first committed to the branch as this commit."""


class PruneReport(msgspec.Struct, kw_only=True):
    worktrees: list[WorktreeEntry]
    freed_bytes: int
    remaining_bytes: int
    """Disk still used by the worktrees left in place."""


def suggested_message(spec: str | None, title: str) -> str:
    """Approve's default message: the spec's first `# ` heading, else the session title."""
    for line in (spec or "").splitlines():
        if line.startswith("# ") and line[2:].strip():
            return line[2:].strip()[:200]
    return title


class WorktreeInUse(msgspec.Struct, kw_only=True):
    """A session's worktree that exists, with its size when last measured."""

    session_id: int
    slug: str
    project_id: int
    status: SessionStatus
    path: str
    bytes: int | None
    finished_at: datetime | None


class WorktreeUsage(msgspec.Struct, kw_only=True):
    """Every worktree Pilothouse keeps, and the disk they use (as last measured)."""

    worktrees: list[WorktreeInUse]
    total_bytes: int
