"""`GET /api/browse`: pick a project directory, confined to the allowed roots."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import QueryParameter

from services.read.files.browse import browse
from services.read.routes.dependencies import Read
from services.read.routes.errors import bad_parameter
from shared.config.paths import PathMalformed, PathRefused
from shared.contract.read_views import BrowseListing
from shared.web.error_responses import error_responses


@get("/api/browse", sync_to_thread=True, responses=error_responses(400, 403, 404))
def browse_directory(
    read: Read,
    path: Annotated[
        str | None,
        QueryParameter(max_length=4096, description="Absolute directory; none: the roots."),
    ] = None,
) -> BrowseListing:
    """A directory's entries (directories first, hidden ones left out), or the roots."""
    try:
        return browse(path, read.settings.allowed_roots, read.settings.data_dir)
    except PathMalformed as exc:
        raise bad_parameter("path", str(exc)) from None
    except PathRefused as exc:
        raise PermissionDeniedException(f"path refused: {exc}") from None
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise NotFoundException(f"no such directory: {path!r}") from exc
    except PermissionError as exc:
        raise PermissionDeniedException(f"cannot read directory: {path!r}") from exc
