"""A session's artifacts: the listing and each file (read-only, confined)."""

from __future__ import annotations

import asyncio

from litestar import get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath
from litestar.response import File

from services.read.db import entities
from services.read.files.artifacts import NoSuchArtifact, artifact_file, list_artifacts, media_type
from services.read.routes.dependencies import Read
from services.read.routes.errors import bad_parameter
from services.read.routes.reconnecting import reconnecting
from shared.config.paths import PathMalformed, PathRefused
from shared.contract.read_views import ArtifactEntry
from shared.contract.refs import PathRef
from shared.web.error_responses import error_responses

# Served artifacts are the agents' output: never let a browser run them in our origin.
_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}


async def _artifact_dir(read: Read, ref: PathRef) -> str:
    async with read.pool.connection() as conn:
        found = await entities.session_location(conn, ref)
    if found is None:
        raise NotFoundException(f"unknown session {ref!r}")
    return found[1]


@get("/api/sessions/{ref:str}/artifacts", responses=error_responses(400, 403, 404, 503))
@reconnecting
async def session_artifacts(read: Read, ref: PathRef) -> list[ArtifactEntry]:
    """The artifact files present in the session's directory."""
    return await asyncio.to_thread(list_artifacts, await _artifact_dir(read, ref))


# Litestar documents a File as an empty media type with a date-time Last-Modified (it is
# an HTTP date); the artifact's own type depends on its name, so say that instead.
_FILE = ResponseSpec(
    data_container=None,
    description="The file. Content-Type by extension: text/markdown (.md), application/json"
    " (.json), image/png, image/jpeg, image/gif, image/webp; anything else text/plain.",
)


@get(
    "/api/sessions/{ref:str}/artifacts/{path:path}",
    responses={200: _FILE, **error_responses(400, 403, 404, 503)},
)
@reconnecting
async def session_artifact(read: Read, ref: PathRef, path: FromPath[str]) -> File:
    """One artifact file; 403 for a path escaping the directory, 404 for no such file."""
    directory = await _artifact_dir(read, ref)
    relative = path.removeprefix("/")
    try:
        real = await asyncio.to_thread(artifact_file, directory, relative)
    except PathMalformed as exc:
        raise bad_parameter("path", str(exc), source="path") from None
    except PathRefused as exc:
        raise PermissionDeniedException(f"path refused: {exc}") from None
    except NoSuchArtifact as exc:
        raise NotFoundException(str(exc)) from None
    return File(
        path=real,
        media_type=media_type(real),
        content_disposition_type="inline",
        headers=_HEADERS,
    )
