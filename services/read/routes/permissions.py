"""A supervised session's permission requests: what its agents asked the user."""

from __future__ import annotations

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery

from services.read.db import entities, permissions
from services.read.routes.dependencies import Read
from shared.contract.enums import PermissionStatus
from shared.contract.permissions import PermissionRequestView
from shared.contract.refs import PathRef
from shared.web.error_responses import error_responses


@get("/api/sessions/{ref:str}/requests", responses=error_responses(400, 403, 404, 503))
async def session_requests(
    read: Read, ref: PathRef, status: FromQuery[PermissionStatus | None] = None
) -> list[PermissionRequestView]:
    """The session's permission requests, oldest first; `status=pending` for those that
    wait for an answer."""
    async with read.pool.connection() as conn:
        session = await entities.session(conn, ref)
        if session is None:
            raise NotFoundException(f"unknown session {ref!r}")
        return await permissions.requests(conn, session.id, status)
