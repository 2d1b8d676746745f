"""HTTP routes of the orchestrator: thin controllers over the command handlers."""

from __future__ import annotations

import msgspec
from litestar import Controller, get, patch, post
from litestar.datastructures import State
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED

from services.orchestrator.commands import projects, prune, reruns, resolve, review, sessions
from services.orchestrator.commands.context import CommandContext
from services.orchestrator.http.auth import COMMAND_SECURITY, require_token
from shared.contract.refs import PathRef
from shared.contract.review import Approve, PruneReport, PruneWorktrees, ReviewOutcome
from shared.contract.wire import (
    Accepted,
    ProjectView,
    RegisterProject,
    RetryPhase,
    StartDebug,
    StartSession,
    UpdateProject,
)
from shared.web.error_responses import error_responses


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


class TokenCheck(msgspec.Struct, kw_only=True):
    valid: bool


@get(
    "/api/token",
    guards=[require_token],
    security=COMMAND_SECURITY,
    responses=error_responses(401),
    sync_to_thread=False,
)
def check_token() -> TokenCheck:
    """Whether the bearer token is the orchestrator's (401 otherwise): the web UI checks a
    token it is given before keeping it, so a wrong one is said at once, not at the first
    command. Changes nothing."""
    return TokenCheck(valid=True)


class ProjectRoutes(Controller):
    path = "/api/projects"
    guards = [require_token]
    security = COMMAND_SECURITY

    @post("/", status_code=HTTP_201_CREATED, responses=error_responses(400, 401, 409, 413))
    async def register(self, state: State, data: JSONBody[RegisterProject]) -> ProjectView:
        ctx: CommandContext = state.commands
        return await projects.register_project(ctx.store, ctx.settings, data)

    @patch("/{ref:str}", status_code=HTTP_200_OK, responses=error_responses(400, 401, 404, 413))
    async def update(
        self, state: State, ref: PathRef, data: JSONBody[UpdateProject]
    ) -> ProjectView:
        ctx: CommandContext = state.commands
        return await projects.update_project(ctx.store, ref, data)

    @post(
        "/{ref:str}/archive", status_code=HTTP_200_OK, responses=error_responses(400, 401, 404, 409)
    )
    async def archive(self, state: State, ref: PathRef) -> ProjectView:
        ctx: CommandContext = state.commands
        return await projects.archive_project(ctx.store, ref)


class SessionRoutes(Controller):
    path = "/api/sessions"
    guards = [require_token]
    security = COMMAND_SECURITY

    @post("/", status_code=HTTP_202_ACCEPTED, responses=error_responses(400, 401, 404, 409, 413))
    async def start(self, state: State, data: JSONBody[StartSession]) -> Accepted:
        return await sessions.start_session(state.commands, data)

    @post(
        "/{ref:str}/cancel",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409),
    )
    async def cancel(self, state: State, ref: PathRef) -> Accepted:
        return await sessions.cancel_session(state.commands, ref)

    @post(
        "/{ref:str}/resume",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409),
    )
    async def resume(self, state: State, ref: PathRef) -> Accepted:
        return await reruns.resume_session(state.commands, ref)

    @post(
        "/{ref:str}/retry",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def retry(self, state: State, ref: PathRef, data: JSONBody[RetryPhase]) -> Accepted:
        return await reruns.retry_phase(state.commands, ref, data)

    @post(
        "/{ref:str}/debug",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def debug(self, state: State, ref: PathRef, data: JSONBody[StartDebug]) -> Accepted:
        return await reruns.start_debug(state.commands, ref, data)

    @post(
        "/{ref:str}/approve",
        status_code=HTTP_200_OK,
        responses=error_responses(400, 401, 404, 409),
    )
    async def approve(self, state: State, ref: PathRef, data: JSONBody[Approve]) -> ReviewOutcome:
        """Merge the session's branch into its base branch in the project's main checkout.
        409 (`extra: {reason, files}`) when it cannot, the checkout left as it was."""
        return await review.approve(state.commands, ref, data)

    @post(
        "/{ref:str}/discard",
        status_code=HTTP_200_OK,
        responses=error_responses(400, 401, 404, 409),
    )
    async def discard(self, state: State, ref: PathRef) -> ReviewOutcome:
        """Remove the session's worktree and branch, unmerged."""
        return await review.discard(state.commands, ref)

    @post("/{ref:str}/keep", status_code=HTTP_200_OK, responses=error_responses(400, 401, 404, 409))
    async def keep(self, state: State, ref: PathRef) -> ReviewOutcome:
        """Remove the session's worktree (its changes committed first), keep its branch."""
        return await review.keep(state.commands, ref)

    @post(
        "/{ref:str}/resolve",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(400, 401, 404, 409),
    )
    async def resolve(self, state: State, ref: PathRef) -> Accepted:
        """Merge the base branch into the session's branch; a build agent round resolves
        any conflict, then the session is back in review."""
        return await resolve.resolve(state.commands, ref)


class WorktreeRoutes(Controller):
    path = "/api/worktrees"
    guards = [require_token]
    security = COMMAND_SECURITY

    @post("/prune", status_code=HTTP_200_OK, responses=error_responses(400, 401))
    async def prune(self, state: State, data: JSONBody[PruneWorktrees]) -> PruneReport:
        """Remove the worktrees of sessions stopped longer ago than asked (never a queued or
        running one's; uncommitted changes are committed to the branch first)."""
        ctx: CommandContext = state.commands
        return await prune.prune_worktrees(ctx.store, ctx.settings, data)
