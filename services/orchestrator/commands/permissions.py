"""Handler of the answer to a supervised agent's permission request.

The answer is written (and journaled) in one transaction, refused with 409 when the
request is no longer pending; then the agent's callback, waiting in this process, is
woken to read it (running/supervision.py).
"""

from __future__ import annotations

from typing import Any

from services.orchestrator.commands.context import CommandContext, locked_session
from services.orchestrator.commands.refusals import BadRequest, Conflict, NotFound
from services.orchestrator.db import permissions
from shared.contract.enums import PermissionDecision, PermissionKind, PermissionStatus
from shared.contract.permissions import AnswerRequest, PermissionRequestView

DENIED_BY_USER = "The user denied this."

_NOT_PENDING = {
    PermissionStatus.ALLOWED: "it was already allowed",
    PermissionStatus.DENIED: "it was already denied",
    PermissionStatus.EXPIRED: "nobody answered it in time, so it was denied",
    PermissionStatus.INTERRUPTED: (
        "the orchestrator stopped while it waited; resume the session and the agent asks again"
    ),
}


def _outcome(request: PermissionRequestView, answer: AnswerRequest) -> dict[str, Any]:
    if answer.decision is PermissionDecision.DENY:
        message = answer.message if answer.message and answer.message.strip() else DENIED_BY_USER
        return {"status": PermissionStatus.DENIED.value, "decision": answer.decision.value,
                "message": message}  # fmt: skip
    if answer.message is not None:
        raise BadRequest("a message goes with deny only", field="message")
    values: dict[str, Any] = {
        "status": PermissionStatus.ALLOWED.value,
        "decision": answer.decision.value,
    }
    if request.kind is PermissionKind.QUESTION:
        asked = [str(question.get("question", "")) for question in request.questions]
        given = answer.answers or {}
        if not given or any(question not in given for question in asked):
            raise BadRequest("answer each question (question text → answer)", field="answers")
        if unasked := sorted(set(given) - set(asked)):
            raise BadRequest(f"not asked: {', '.join(map(repr, unasked))}", field="answers")
        values["answers"] = dict(given)
    elif answer.answers is not None:
        raise BadRequest("answers go with a question only", field="answers")
    return values


async def answer_request(
    ctx: CommandContext, ref: str, request_id: int, answer: AnswerRequest
) -> PermissionRequestView:
    """Allow once, allow for the session, deny (with a message), or answer questions."""
    async with ctx.store.unit() as uow:
        session = await locked_session(uow, ref)
        in_range = 0 < request_id < 2**63
        request = await permissions.of_session(uow, session.id, request_id) if in_range else None
        if request is None:
            raise NotFound(f"session {session.slug!r} has no permission request {request_id}")
        if request.status is not PermissionStatus.PENDING:
            raise Conflict(
                f"request {request_id} of session {session.slug!r} is no longer waiting for"
                f" an answer: {_NOT_PENDING[request.status]}"
            )
        settled = await permissions.settle(uow, request.id, _outcome(request, answer))
        assert settled is not None, "the row is locked and was pending"
        await permissions.journal(uow, settled)
    ctx.dispatcher.answered(settled.id)
    return settled
