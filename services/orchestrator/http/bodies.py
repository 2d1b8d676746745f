"""Request bodies decoded by msgspec's strict rules.

Litestar converts a body into its struct leniently (`0` for false, `1.0` for 1, `"5"` for
5). A command with numbers or flags must not read `{"dry_run": 0}` as a dry run: its
handler decodes the body again, strictly, and refuses the rest with a 400 naming the field.
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from litestar import Request

from services.orchestrator.commands.refusals import BadRequest

T = TypeVar("T")


async def strictly(request: Request[Any, Any, Any], kind: type[T]) -> T:
    """The request's JSON body as `kind`, decoded strictly (400 otherwise)."""
    try:
        return msgspec.json.decode(await request.body(), type=kind)
    except msgspec.ValidationError as exc:
        problem, _, where = str(exc).partition(" - at `$.")
        raise BadRequest(problem, field=where.rstrip("`") or None) from None
    except msgspec.DecodeError as exc:
        raise BadRequest(f"the body is not JSON: {exc}") from None
