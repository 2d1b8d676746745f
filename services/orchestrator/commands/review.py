"""Handlers of the review commands that end a session's branch: approve, discard, keep.

approve merges the branch into the base branch of the project's main checkout
(workspaces/merging.py says how the checkout is kept safe) and removes the worktree and
the branch; discard removes both unmerged; keep commits anything left uncommitted,
removes the worktree and leaves the branch. Each is one transaction with the session
locked; a refusal writes nothing and leaves the checkout as it was.
"""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from services.orchestrator.commands.context import CommandContext
from services.orchestrator.commands.refusals import BadRequest, Conflict
from services.orchestrator.commands.workspace_steps import (
    RemovedFor,
    ReviewRefused,
    checkout_of,
    journal,
    put_away,
    reviewable,
)
from services.orchestrator.db import changes
from services.orchestrator.db.unit_of_work import NOW
from services.orchestrator.running import commit_record
from services.orchestrator.workspaces import merging
from services.orchestrator.workspaces.worktrees import dirty_paths
from shared.contract.enums import ChecksState, MergeStrategy, SessionStatus
from shared.contract.lifecycle import APPROVABLE, PUT_AWAY_FROM
from shared.contract.payloads import WorkspacePayload
from shared.contract.review import Approve, ReviewOutcome, suggested_message
from shared.contract.wire import SessionView


def _spec(artifact_dir: str) -> str | None:
    try:
        return (Path(artifact_dir) / "spec.md").read_text(errors="replace")
    except OSError:
        return None


async def default_message(session: SessionView, strategy: MergeStrategy) -> str:
    """The spec's title (else the session's), the session's title, and a trailer."""
    title = suggested_message(await asyncio.to_thread(_spec, session.artifact_dir), session.title)
    if strategy is MergeStrategy.MERGE:
        title = f"Merge {session.branch}: {title}"
    body = f"\n\n{session.title}" if session.title != title else ""
    return f"{title}{body}\n\nPilothouse-Session: {session.slug}\n"


async def _uncommitted(session: SessionView, keep_out: list[str]) -> list[str]:
    """Files left uncommitted in the session's worktree (none when it is gone)."""
    if session.worktree is None or not await asyncio.to_thread(Path(session.worktree).is_dir):
        return []
    return await dirty_paths(Path(session.worktree), keep_out)


def _outcome(session: SessionView, token: str) -> ReviewOutcome:
    return ReviewOutcome(
        session_id=session.id,
        slug=session.slug,
        status=session.status,
        merged_commit=session.merged_commit,
        base_ref=session.base_ref if session.status is SessionStatus.MERGED else None,
        branch=session.branch if session.status is SessionStatus.KEPT else None,
        token=token,
    )


async def approve(ctx: CommandContext, ref: str, command: Approve) -> ReviewOutcome:
    """Merge the session's branch into its base branch in the main checkout."""
    if command.strategy is MergeStrategy.REBASE and command.message is not None:
        raise BadRequest("rebase keeps the session's own commits and messages", field="message")
    async with ctx.store.unit() as uow:
        session, project = await reviewable(uow, ref, APPROVABLE, "approve")
        if session.base_ref is None or session.branch is None:
            raise Conflict(
                f"session {session.slug!r} was based on a commit, not a branch: there is no"
                f" base branch to merge into (keep its branch {session.branch} instead)"
            )
        red = session.checks in (ChecksState.FAILED, ChecksState.RUNNING)
        if red and not command.override_checks:
            raise ReviewRefused(
                f"session {session.slug!r} has a required gate that did not pass: fix it"
                " (follow-up, request changes) or approve with override_checks to merge anyway",
                reason="checks_failed",
                files=[],
            )
        await changes.lock_project(uow, project.id)
        token = await uow.feed_token()
        top = await checkout_of(project)
        if dirty := await _uncommitted(session, project.setup_files):
            raise ReviewRefused(
                f"the session's worktree {session.worktree} has uncommitted changes:"
                " commit or revert them there, then approve again",
                reason="worktree_dirty",
                files=sorted(dirty),
            )
        request = merging.Request(
            top=top,
            base_ref=session.base_ref,
            branch=session.branch,
            strategy=command.strategy,
            message=command.message or await default_message(session, command.strategy),
            scratch=ctx.settings.worktrees_root / f".approve-{session.slug}-{secrets.token_hex(3)}",
        )
        try:
            merged = await merging.approve(request, await changes.session_paths(uow, session.id))
        except merging.MergeRefused as refused:
            raise ReviewRefused(
                refused.detail, reason=refused.reason, files=refused.files
            ) from None
        note = WorkspacePayload(
            action="merged", commit=merged, strategy=command.strategy,
            branch=session.branch, base_ref=session.base_ref,
        )  # fmt: skip
        await journal(uow, session, [note])
        gone = await put_away(
            uow, top, session, reason="approve", keep_out=project.setup_files, branch_too=True
        )
        updated = await uow.update(
            SessionView,
            session.id,
            {
                "status": SessionStatus.MERGED.value,
                "merged_commit": merged,
                "finished_at": NOW,
                # The override is recorded only when it was needed.
                "checks_overridden": red,
                **({"worktree": None, "worktree_bytes": None} if gone else {}),
            },
        )
    assert updated is not None
    return _outcome(updated, token)


async def discard(ctx: CommandContext, ref: str) -> ReviewOutcome:
    """Remove the session's worktree (uncommitted changes too) and its branch, unmerged."""
    return await _put_aside(ctx, ref, SessionStatus.DISCARDED)


async def keep(ctx: CommandContext, ref: str) -> ReviewOutcome:
    """Commit what is left uncommitted, remove the worktree, leave the branch to the user."""
    return await _put_aside(ctx, ref, SessionStatus.KEPT)


async def _put_aside(ctx: CommandContext, ref: str, status: SessionStatus) -> ReviewOutcome:
    keeping = status is SessionStatus.KEPT
    async with ctx.store.unit() as uow:
        verb: RemovedFor = "keep" if keeping else "discard"
        session, project = await reviewable(uow, ref, PUT_AWAY_FROM, verb)
        token = await uow.feed_token()
        top = await checkout_of(project)
        update: dict[str, object] = {"status": status.value, "finished_at": NOW}
        if keeping and session.worktree is not None:
            worktree = Path(session.worktree)
            record = await commit_record.commit_leftovers(
                session, worktree, "keep", project.setup_files
            )
            if record is not None:
                update.update(await commit_record.store(uow, session, record))
        gone = await put_away(
            uow, top, session, reason=verb, branch_too=not keeping,
            keep_out=project.setup_files if keeping else None,
        )  # fmt: skip
        if gone:
            update.update(worktree=None, worktree_bytes=None)
        await changes.set_ready(uow, session.id, ready=False)
        updated = await uow.update(SessionView, session.id, update)
    assert updated is not None
    return _outcome(updated, token)
