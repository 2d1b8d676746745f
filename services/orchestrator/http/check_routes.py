"""HTTP routes of checks and conversation: a project's gates; a session's review
comments, request changes and follow-up messages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, patch, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from services.orchestrator.commands import gates
from services.orchestrator.commands.context import CommandContext
from services.orchestrator.http.auth import COMMAND_SECURITY, require_token
from services.orchestrator.http.bodies import strictly
from shared.contract.checks import CreateGate, GateView, UpdateGate
from shared.contract.refs import PathRef
from shared.web.error_responses import error_responses


class GateRoutes(Controller):
    path = "/api/projects/{ref:str}/gates"
    guards = [require_token]
    security = COMMAND_SECURITY

    @post("/", status_code=HTTP_201_CREATED, responses=error_responses(400, 401, 404, 409))
    async def create(
        self,
        state: State,
        request: Request[Any, Any, Any],
        ref: PathRef,
        data: JSONBody[CreateGate],
    ) -> GateView:
        """Add a QA gate to the project (runs after its last gate unless `position` says)."""
        ctx: CommandContext = state.commands
        return await gates.create_gate(ctx.store, ref, await strictly(request, CreateGate))

    @patch("/{name:str}", status_code=HTTP_200_OK, responses=error_responses(400, 401, 404, 409))
    async def update(
        self,
        state: State,
        request: Request[Any, Any, Any],
        ref: PathRef,
        name: FromPath[str],
        data: JSONBody[UpdateGate],
    ) -> GateView:
        """Change a gate: command, timeout, required, enabled, position, name."""
        ctx: CommandContext = state.commands
        return await gates.update_gate(ctx.store, ref, name, await strictly(request, UpdateGate))

    @delete("/{name:str}", status_code=HTTP_200_OK, responses=error_responses(400, 401, 404))
    async def remove(self, state: State, ref: PathRef, name: FromPath[str]) -> GateView:
        """Remove a gate (its past results stay); answers the gate as it was."""
        ctx: CommandContext = state.commands
        return await gates.delete_gate(ctx.store, ref, name)
