"""Handlers of the review comment commands: add, edit or resolve, delete.

A comment names lines of one side of a file of the session's whole change, as the stored
diff shows them (shared/contract/diff_lines.py): a file the session did not change, a
binary one, or a line the diff does not show is refused (400) before anything is
written. Its excerpt is taken from the diff then, so the thread reads the same after the
worktree and the branch are gone. Each command journals a `comment` event.
"""

from __future__ import annotations

from typing import Any

from services.orchestrator.commands.context import CommandContext, locked_session
from services.orchestrator.commands.refusals import BadRequest, NotFound
from services.orchestrator.db import comments
from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.unit_of_work import UnitOfWork
from shared.contract.checks import AddComment, CommentView, UpdateComment
from shared.contract.diff_lines import excerpt
from shared.contract.enums import EventKind
from shared.contract.payloads import CommentPayload
from shared.contract.wire import SessionView


async def journal(
    uow: UnitOfWork, session: SessionView, comment: CommentView, action: str,
    agent_id: int | None = None,
) -> None:  # fmt: skip
    """Append the session's `comment` event for `comment`."""
    payload = CommentPayload(
        action=action,  # type: ignore[arg-type]
        comment_id=comment.id, path=comment.path, side=comment.side,
        line_start=comment.line_start, line_end=comment.line_end, agent_id=agent_id,
    )  # fmt: skip
    scope = AgentScope(session.project_id, session.id, None)
    await uow.append_log([scope.row(EventKind.COMMENT, payload)])


async def add_comment(ctx: CommandContext, ref: str, command: AddComment) -> CommentView:
    """Comment on lines of one side of a changed file's diff."""
    end = command.line_end if command.line_end is not None else command.line_start
    if end < command.line_start:
        raise BadRequest("must not be before line_start", field="line_end")
    async with ctx.store.unit() as uow:
        session = await locked_session(uow, ref)
        found = await comments.session_patch(uow, session.id, command.path)
        if found is None:
            raise BadRequest(
                f"{command.path!r} is not among the files session {session.slug!r} changed",
                field="path",
            )
        binary, patch = found
        if binary:
            raise BadRequest(f"{command.path!r} is binary: it has no lines", field="path")
        text = excerpt(patch, command.side, command.line_start, end)
        if text is None:
            lines = f"{command.line_start}-{end}" if end != command.line_start else f"{end}"
            raise BadRequest(
                f"the diff of {command.path!r} does not show line(s) {lines} of its"
                f" {command.side.value} side",
                field="line_start",
            )
        comment = await comments.insert(
            uow,
            {
                "session_id": session.id, "path": command.path, "side": command.side.value,
                "line_start": command.line_start, "line_end": end, "body": command.body,
                "excerpt": text,
            },
        )  # fmt: skip
        await journal(uow, session, comment, "added")
    return comment


async def _existing(uow: UnitOfWork, ref: str, comment_id: int) -> tuple[SessionView, CommentView]:
    session = await locked_session(uow, ref)
    # An id beyond bigint names no row (and must not reach PostgreSQL).
    in_range = 0 < comment_id < 2**63
    comment = await comments.locked(uow, session.id, comment_id) if in_range else None
    if comment is None:
        raise NotFound(f"session {session.slug!r} has no comment {comment_id}")
    return session, comment


async def update_comment(
    ctx: CommandContext, ref: str, comment_id: int, command: UpdateComment
) -> CommentView:
    """Edit a comment's body, or resolve or reopen it."""
    async with ctx.store.unit() as uow:
        session, comment = await _existing(uow, ref, comment_id)
        changes: dict[str, Any] = {}
        if command.body is not None and command.body != comment.body:
            changes["body"] = command.body
        if command.resolved is not None and command.resolved != comment.resolved:
            changes["resolved"] = command.resolved
        if not changes:
            return comment
        updated = await comments.update(uow, comment.id, changes)
        if "body" in changes:
            await journal(uow, session, updated, "edited")
        if "resolved" in changes:
            await journal(uow, session, updated, "resolved" if updated.resolved else "reopened")
    return updated


async def delete_comment(ctx: CommandContext, ref: str, comment_id: int) -> CommentView:
    """Remove a comment; answers it as it was."""
    async with ctx.store.unit() as uow:
        session, comment = await _existing(uow, ref, comment_id)
        await comments.delete(uow, comment.id)
        await journal(uow, session, comment, "deleted")
    return comment
