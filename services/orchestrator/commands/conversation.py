"""Handlers of request changes and follow-up messages: each queues a round of the build
agent in its own Claude conversation (commands/rounds.py) on a session in review or
stopped, and puts the session back in the queue; its gates run after the round, then
the session waits in review again. The round's commit is its own, so the diff can be
scoped to it (`?agent=<round>`).
"""

from __future__ import annotations

from services.orchestrator.agents.round_prompts import (
    SentComment,
    comments_prompt,
    follow_up_prompt,
)
from services.orchestrator.commands import comments as comment_commands
from services.orchestrator.commands.context import (
    CommandContext,
    accepted,
    check_prompt,
    requeue,
)
from services.orchestrator.commands.refusals import Conflict
from services.orchestrator.commands.rounds import queue_round
from services.orchestrator.commands.workspace_steps import reviewable
from services.orchestrator.db import comments
from shared.contract.checks import FollowUp
from shared.contract.enums import AgentRound
from shared.contract.lifecycle import CONVERSABLE
from shared.contract.wire import Accepted


async def request_changes(ctx: CommandContext, ref: str) -> Accepted:
    """Send every unresolved comment to a new round of the build agent."""
    async with ctx.store.unit() as uow:
        session, _ = await reviewable(uow, ref, CONVERSABLE, "request changes")
        token = await uow.feed_token()
        open_comments = await comments.unresolved(uow, session.id)
        if not open_comments:
            raise Conflict(
                f"session {session.slug!r} has no unresolved comment: comment on its diff first"
            )
        sent = [
            SentComment(c.path, c.side.value, c.line_start, c.line_end, c.body, c.excerpt)
            for c in open_comments
        ]
        agent = await queue_round(uow, ctx, session, AgentRound.COMMENTS, comments_prompt(sent))
        await comments.mark_sent(uow, [c.id for c in open_comments], agent.id)
        for comment in open_comments:
            await comment_commands.journal(uow, session, comment, "sent", agent.id)
        session = await requeue(uow, session)
    ctx.dispatcher.wake()
    return accepted(session, token)


async def follow_up(ctx: CommandContext, ref: str, command: FollowUp) -> Accepted:
    """Start a round of the build agent with the user's message."""
    check_prompt(command.message, ctx.settings, "message")
    async with ctx.store.unit() as uow:
        session, _ = await reviewable(uow, ref, CONVERSABLE, "follow up")
        token = await uow.feed_token()
        await queue_round(
            uow, ctx, session, AgentRound.FOLLOW_UP, follow_up_prompt(command.message)
        )
        session = await requeue(uow, session)
    ctx.dispatcher.wake()
    return accepted(session, token)
