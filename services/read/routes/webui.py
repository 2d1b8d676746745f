"""The built web UI (webui/dist) at `/`, with the single-page app's fallback.

Registered only when the build exists. Any path that is not a file of the build and
does not look like one gets index.html, so the UI's own routes survive a reload.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File

from services.read.routes.dependencies import Read
from shared.config.paths import PathRefused, confine_relative

_IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
_REVALIDATE = {"Cache-Control": "no-cache"}


def _build_file(root: Path, relative: str) -> Path | None:
    try:
        path = confine_relative(relative, root)
    except PathRefused:
        return None
    return path if path.is_file() else None


@get(["/", "/{path:path}"], include_in_schema=False)
async def web_ui(read: Read, path: FromPath[str] = "/") -> File:
    """A file of the UI build, or index.html for the UI's client-side routes."""
    root = read.webui_dir
    if root is None:
        raise NotFoundException("no web UI build (run the UI build into webui/dist)")
    relative = path.strip("/")
    found = await asyncio.to_thread(_build_file, root, relative) if relative else None
    if found is not None:
        # Vite puts content-hashed bundles under assets/: they never change.
        headers = _IMMUTABLE if relative.startswith("assets/") else _REVALIDATE
        # `filename` is what File guesses the media type from: without it every file is
        # application/octet-stream, which browsers refuse as a module script.
        return File(
            path=found, filename=found.name, content_disposition_type="inline", headers=headers
        )
    if "." in relative.rsplit("/", 1)[-1]:
        raise NotFoundException(f"no such file: /{relative}")
    return File(
        path=root / "index.html",
        filename="index.html",
        content_disposition_type="inline",
        headers=_REVALIDATE,
    )
