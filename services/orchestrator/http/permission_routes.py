"""HTTP route of supervised mode: the user's answer to an agent's permission request."""

from __future__ import annotations

from litestar import Controller, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from services.orchestrator.commands import permissions
from services.orchestrator.http.auth import COMMAND_SECURITY, require_token
from shared.contract.permissions import AnswerRequest, PermissionRequestView
from shared.contract.refs import PathRef
from shared.web.error_responses import error_responses


class PermissionRoutes(Controller):
    path = "/api/sessions/{ref:str}/requests"
    guards = [require_token]
    security = COMMAND_SECURITY

    @post(
        "/{request_id:int}/answer",
        status_code=HTTP_200_OK,
        responses=error_responses(400, 401, 404, 409),
    )
    async def answer(
        self, state: State, ref: PathRef, request_id: FromPath[int], data: JSONBody[AnswerRequest]
    ) -> PermissionRequestView:
        """Answer a pending permission request: allow once, allow the same command (Bash)
        or tool for the rest of the session, or deny with a message the agent receives; a
        question is answered with `answers`. 409 when it no longer waits for an answer."""
        return await permissions.answer_request(state.commands, ref, request_id, data)
