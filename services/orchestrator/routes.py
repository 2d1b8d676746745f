"""HTTP routes of the orchestrator: thin controllers over the command handlers."""

from __future__ import annotations

import msgspec
from litestar import Controller, get, patch, post
from litestar.datastructures import State
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED

from services.orchestrator import project_commands, rerun_commands, session_commands
from services.orchestrator.auth import COMMAND_SECURITY, require_token
from services.orchestrator.commands import CommandContext
from shared.error_responses import error_responses
from shared.refs import PathRef
from shared.wire import (
    Accepted,
    ProjectView,
    RegisterProject,
    RetryPhase,
    StartDebug,
    StartSession,
    UpdateProject,
)


class Health(msgspec.Struct, kw_only=True):
    status: str
    worker_id: int
    running_agents: int
    model_mode: str


@get("/api/health", sync_to_thread=False)
def health(state: State) -> Health:
    """Liveness of this orchestrator process; no token needed."""
    ctx: CommandContext = state.commands
    return Health(
        status="ok",
        worker_id=state.worker.id,
        running_agents=state.queue.running,
        model_mode=ctx.model_mode.value,
    )


class ProjectRoutes(Controller):
    path = "/api/projects"
    guards = [require_token]
    security = COMMAND_SECURITY

    @post("/", status_code=HTTP_201_CREATED, responses=error_responses(400, 401, 409, 413))
    async def register(self, state: State, data: JSONBody[RegisterProject]) -> ProjectView:
        ctx: CommandContext = state.commands
        return await project_commands.register_project(ctx.store, ctx.settings, data)

    @patch("/{ref:str}", status_code=HTTP_200_OK, responses=error_responses(400, 401, 404, 413))
    async def update(
        self, state: State, ref: PathRef, data: JSONBody[UpdateProject]
    ) -> ProjectView:
        ctx: CommandContext = state.commands
        return await project_commands.update_project(ctx.store, ref, data)

    @post(
        "/{ref:str}/archive", status_code=HTTP_200_OK, responses=error_responses(400, 401, 404, 409)
    )
    async def archive(self, state: State, ref: PathRef) -> ProjectView:
        ctx: CommandContext = state.commands
        return await project_commands.archive_project(ctx.store, ref)


class SessionRoutes(Controller):
    path = "/api/sessions"
    guards = [require_token]
    security = COMMAND_SECURITY

    @post("/", status_code=HTTP_202_ACCEPTED, responses=error_responses(400, 401, 404, 409, 413))
    async def start(self, state: State, data: JSONBody[StartSession]) -> Accepted:
        return await session_commands.start_session(state.commands, data)

    @post(
        "/{ref:str}/cancel",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409),
    )
    async def cancel(self, state: State, ref: PathRef) -> Accepted:
        return await session_commands.cancel_session(state.commands, ref)

    @post(
        "/{ref:str}/resume",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409),
    )
    async def resume(self, state: State, ref: PathRef) -> Accepted:
        return await rerun_commands.resume_session(state.commands, ref)

    @post(
        "/{ref:str}/retry",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def retry(self, state: State, ref: PathRef, data: JSONBody[RetryPhase]) -> Accepted:
        return await rerun_commands.retry_phase(state.commands, ref, data)

    @post(
        "/{ref:str}/debug",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def debug(self, state: State, ref: PathRef, data: JSONBody[StartDebug]) -> Accepted:
        return await rerun_commands.start_debug(state.commands, ref, data)
