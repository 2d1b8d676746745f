"""A supervised session's permission requests: what its agents asked the user."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter

from services.read.db import entities, permissions
from services.read.routes.dependencies import Read
from services.read.routes.reconnecting import reconnecting
from shared.contract.enums import PermissionStatus
from shared.contract.permissions import PermissionRequestView
from shared.contract.refs import PathRef
from shared.web.error_responses import error_responses

_STATUS_PATTERN = "^(" + "|".join(sorted(status.value for status in PermissionStatus)) + ")$"
Status = Annotated[
    str | None,
    QueryParameter(pattern=_STATUS_PATTERN, description="Only requests in this status."),
]
"""One status, by its exact name: anything else (`null`, repeats) is refused with a 400."""


@get("/api/sessions/{ref:str}/requests", responses=error_responses(400, 403, 404, 503))
@reconnecting
async def session_requests(
    read: Read, ref: PathRef, status: Status = None
) -> list[PermissionRequestView]:
    """The session's permission requests, oldest first; `status=pending` for those that
    wait for an answer."""
    async with read.pool.connection() as conn:
        session = await entities.session(conn, ref)
        if session is None:
            raise NotFoundException(f"unknown session {ref!r}")
        wanted = PermissionStatus(status) if status is not None else None
        return await permissions.requests(conn, session.id, wanted)
