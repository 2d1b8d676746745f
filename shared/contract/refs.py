"""`{ref}`: how a request names a project or a session, by numeric id or by slug.

Both services take refs in paths (and the read service in `?project=`). A ref is
checked against REF_PATTERN before any query: anything else (a NUL byte, which
PostgreSQL text cannot hold; "²", which str.isdigit() accepts and int() refuses) is a
400 naming the parameter, not a failed statement.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from shared.contract.wire import REF_PATTERN

_DESCRIPTION = "Numeric id or slug."

PathRef = Annotated[str, PathParameter(pattern=REF_PATTERN, description=_DESCRIPTION)]
QueryRef = Annotated[str | None, QueryParameter(pattern=REF_PATTERN, description=_DESCRIPTION)]


def ref_id(ref: str) -> int | None:
    """The id a ref names, or None when it is a slug (generated slugs are never all digits)."""
    return int(ref) if ref.isascii() and ref.isdigit() else None
