"""`GET /api/projects` and `GET /api/projects/{ref}`."""

from __future__ import annotations

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery

from services.read import queries
from services.read.state import Read
from shared.error_responses import error_responses
from shared.refs import PathRef
from shared.wire import Page, ProjectView


@get("/api/projects", responses=error_responses(400, 403, 503))
async def list_projects(read: Read, archived: FromQuery[bool] = False) -> Page[ProjectView]:
    """Every project (archived ones too with `archived=true`), by name."""
    async with read.pool.connection() as conn:
        items, token = await queries.projects(conn, include_archived=archived)
    return Page(items=items, next=None, token=token)


@get("/api/projects/{ref:str}", responses=error_responses(400, 403, 404, 503))
async def get_project(read: Read, ref: PathRef) -> ProjectView:
    """One project by numeric id or slug."""
    async with read.pool.connection() as conn:
        found = await queries.project(conn, ref)
    if found is None:
        raise NotFoundException(f"unknown project {ref!r}")
    return found
