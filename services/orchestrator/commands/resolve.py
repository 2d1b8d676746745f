"""The resolve command: bring the base branch's new commits into a session under review.

In the session's worktree (made again from its branch if it was pruned), anything left
uncommitted is committed first; then the base branch is merged in. A clean merge is
committed and recorded at once: the session stays under review, its changes now measured
from the base it contains. A conflicting merge is left in progress for a build agent
round (resuming the last build agent's Claude conversation) told which files conflict;
the session is queued, and when the round's commit has concluded the merge it is back in
review. Approve then merges without conflict.
"""

from __future__ import annotations

from pathlib import Path

from services.orchestrator.agents.prompts import resolve_prompt
from services.orchestrator.commands.context import CommandContext, accepted, requeue
from services.orchestrator.commands.refusals import Conflict
from services.orchestrator.commands.rounds import queue_round
from services.orchestrator.commands.workspace_steps import checkout_of, journal, reviewable
from services.orchestrator.db import changes
from services.orchestrator.db.unit_of_work import UnitOfWork
from services.orchestrator.running import commit_record
from services.orchestrator.workspaces import commits
from services.orchestrator.workspaces.repository import commit_of, is_ancestor
from services.orchestrator.workspaces.resolving import merge_base
from services.orchestrator.workspaces.worktrees import Made, ensure, worktree_path
from shared.contract.enums import AgentRound, CommitKind
from shared.contract.lifecycle import RESOLVABLE
from shared.contract.payloads import WorkspacePayload
from shared.contract.wire import Accepted, ProjectView, SessionView


async def _worktree(
    uow: UnitOfWork, ctx: CommandContext, session: SessionView, project: ProjectView, top: Path
) -> Path:
    """The session's worktree, checked out again from its branch if it was removed."""
    assert session.branch is not None
    assert session.base_commit is not None
    root = ctx.settings.worktrees_root
    path = Path(session.worktree or worktree_path(root, project.slug, session.slug))
    made = await ensure(top, path, session.branch, session.base_commit)
    if made is not Made.EXISTING:
        await uow.update(SessionView, session.id, {"worktree": str(path)})
        await changes.set_ready(uow, session.id, ready=False)
        note = WorkspacePayload(
            action=made.action,
            path=str(path),
            branch=session.branch,
        )
        await journal(uow, session, [note])
    return path


async def resolve(ctx: CommandContext, ref: str) -> Accepted:
    """Merge the base branch into the session's branch; on conflict, queue a resolve round."""
    async with ctx.store.unit() as uow:
        session, project = await reviewable(uow, ref, RESOLVABLE, "resolve")
        if session.base_ref is None:
            raise Conflict(
                f"session {session.slug!r} was based on a commit: no base branch to bring in"
            )
        token = await uow.feed_token()
        top = await checkout_of(project)
        tip = await commit_of(top, f"refs/heads/{session.base_ref}")
        branch = await commit_of(top, f"refs/heads/{session.branch}")
        if tip is None or branch is None:
            raise Conflict(f"the branch {session.base_ref} or {session.branch} no longer exists")
        # Checked before anything is written, in git or in the database.
        if await is_ancestor(top, tip, branch):
            raise Conflict(f"the session's branch already contains {session.base_ref}: approve it")
        worktree = await _worktree(uow, ctx, session, project, top)
        update: dict[str, object] = {}
        if (
            record := await commit_record.commit_leftovers(
                session, worktree, "resolve", project.setup_files
            )
        ) is not None:
            update.update(await commit_record.store(uow, session, record))
        head = await commits.head(worktree)
        message = commits.commit_message(
            session.slug, session.title, f"Merge of {session.base_ref}"
        )
        merged = await merge_base(worktree, tip, message)
        if merged.commit is not None:
            record = await commit_record.capture(
                worktree, sha=merged.commit, parent=head, base_commit=tip,
                kind=CommitKind.BASE_MERGE, message=message,
            )  # fmt: skip
            update.update(await commit_record.store(uow, session, record))
            await journal(
                uow,
                session,
                [WorkspacePayload(action="base_merged", commit=merged.commit, base_commit=tip)],
            )
        else:
            await journal(
                uow,
                session,
                [WorkspacePayload(action="conflicts", files=merged.conflicts, base_commit=tip)],
            )
            assert session.base_ref is not None
            prompt = resolve_prompt(session.base_ref, merged.conflicts)
            await queue_round(uow, ctx, session, AgentRound.RESOLVE, prompt, fresh_allowed=True)
        if update:
            updated = await uow.update(SessionView, session.id, update)
            assert updated is not None
            session = updated
        if merged.commit is None:
            session = await requeue(uow, session)
    ctx.dispatcher.wake()
    return accepted(session, token)
