"""HTTP routes of checks and conversation: a project's gates; a session's review
comments, request changes and follow-up messages."""

from __future__ import annotations

from litestar import Controller, delete, patch, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED

from services.orchestrator.commands import comments, conversation, gates
from services.orchestrator.commands.context import CommandContext
from services.orchestrator.http.auth import COMMAND_SECURITY, require_token
from shared.contract.checks import (
    AddComment,
    CommentView,
    CreateGate,
    FollowUp,
    GateView,
    UpdateComment,
    UpdateGate,
)
from shared.contract.refs import PathRef
from shared.contract.wire import Accepted
from shared.web.error_responses import error_responses


class GateRoutes(Controller):
    path = "/api/projects/{ref:str}/gates"
    guards = [require_token]
    security = COMMAND_SECURITY

    @post("/", status_code=HTTP_201_CREATED, responses=error_responses(400, 401, 404, 409))
    async def create(self, state: State, ref: PathRef, data: JSONBody[CreateGate]) -> GateView:
        """Add a QA gate to the project (runs after its last gate unless `position` says)."""
        ctx: CommandContext = state.commands
        return await gates.create_gate(ctx.store, ref, data)

    @patch("/{name:str}", status_code=HTTP_200_OK, responses=error_responses(400, 401, 404, 409))
    async def update(
        self, state: State, ref: PathRef, name: FromPath[str], data: JSONBody[UpdateGate]
    ) -> GateView:
        """Change a gate: command, timeout, required, enabled, position, name."""
        ctx: CommandContext = state.commands
        return await gates.update_gate(ctx.store, ref, name, data)

    @delete("/{name:str}", status_code=HTTP_200_OK, responses=error_responses(400, 401, 404))
    async def remove(self, state: State, ref: PathRef, name: FromPath[str]) -> GateView:
        """Remove a gate (its past results stay); answers the gate as it was."""
        ctx: CommandContext = state.commands
        return await gates.delete_gate(ctx.store, ref, name)


class ConversationRoutes(Controller):
    path = "/api/sessions/{ref:str}"
    guards = [require_token]
    security = COMMAND_SECURITY

    @post("/comments", status_code=HTTP_201_CREATED, responses=error_responses(400, 401, 404))
    async def comment(self, state: State, ref: PathRef, data: JSONBody[AddComment]) -> CommentView:
        """Comment on lines (`line_start`, `line_end`) of one side (`old`, `new`) of a file of
        the session's diff; 400 for a file it did not change or a line its diff does not show."""
        return await comments.add_comment(state.commands, ref, data)

    @patch(
        "/comments/{comment_id:int}",
        status_code=HTTP_200_OK,
        responses=error_responses(400, 401, 404),
    )
    async def edit(
        self,
        state: State,
        ref: PathRef,
        comment_id: FromPath[int],
        data: JSONBody[UpdateComment],
    ) -> CommentView:
        """Edit a comment's body, or resolve (`resolved: true`) or reopen it."""
        return await comments.update_comment(state.commands, ref, comment_id, data)

    @delete(
        "/comments/{comment_id:int}",
        status_code=HTTP_200_OK,
        responses=error_responses(400, 401, 404),
    )
    async def uncomment(self, state: State, ref: PathRef, comment_id: FromPath[int]) -> CommentView:
        """Delete a comment; answers it as it was."""
        return await comments.delete_comment(state.commands, ref, comment_id)

    @post(
        "/request-changes",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409),
    )
    async def request_changes(self, state: State, ref: PathRef) -> Accepted:
        """Send every unresolved comment (file, lines, excerpt) to a new round of the build
        agent in its conversation; gates run after it, then the session is back in review."""
        return await conversation.request_changes(state.commands, ref)

    @post(
        "/follow-up",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def follow_up(self, state: State, ref: PathRef, data: JSONBody[FollowUp]) -> Accepted:
        """A message to the build agent: a new round in its conversation (sessions in review
        or stopped); gates run after it."""
        return await conversation.follow_up(state.commands, ref, data)
