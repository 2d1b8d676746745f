"""`GET /api/projects` and `GET /api/projects/{ref}`."""

from __future__ import annotations

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery

from services.read.db import entities
from services.read.routes.dependencies import Read
from services.read.routes.reconnecting import reconnecting
from shared.contract.refs import PathRef
from shared.contract.wire import Page, ProjectView
from shared.web.error_responses import error_responses


@get("/api/projects", responses=error_responses(400, 403, 503))
@reconnecting
async def list_projects(read: Read, archived: FromQuery[bool] = False) -> Page[ProjectView]:
    """Every project (archived ones too with `archived=true`), by name."""
    async with read.pool.connection() as conn:
        items, token = await entities.projects(conn, include_archived=archived)
    return Page(items=items, next=None, token=token)


@get("/api/projects/{ref:str}", responses=error_responses(400, 403, 404, 503))
@reconnecting
async def get_project(read: Read, ref: PathRef) -> ProjectView:
    """One project by numeric id or slug."""
    async with read.pool.connection() as conn:
        found = await entities.project(conn, ref)
    if found is None:
        raise NotFoundException(f"unknown project {ref!r}")
    return found
