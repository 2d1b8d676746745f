"""`GET /api/projects` and `GET /api/projects/{ref}`."""

from __future__ import annotations

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery

from services.read import queries
from services.read.state import Read
from shared.wire import Page, ProjectView


@get("/api/projects")
async def list_projects(read: Read, archived: FromQuery[bool] = False) -> Page[ProjectView]:
    """Every project (archived ones too with `archived=true`), by name."""
    async with read.pool.connection() as conn:
        items, token = await queries.projects(conn, include_archived=archived)
    return Page(items=items, next=None, token=token)


@get("/api/projects/{ref:str}")
async def get_project(read: Read, ref: FromPath[str]) -> ProjectView:
    """One project by numeric id or slug."""
    async with read.pool.connection() as conn:
        found = await queries.project(conn, ref)
    if found is None:
        raise NotFoundException(f"unknown project {ref!r}")
    return found
