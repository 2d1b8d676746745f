"""REST handlers survive a dead pooled connection: replaced, then the request tried again.

A connection in the pool can die while idle (its backend terminated, PostgreSQL
restarted). The first query on it fails although the database is up; answering 503 for
it, once per dead connection, would be the pool's problem made the client's. Every REST
handler that queries is `reconnecting`: when its query fails because the connection was
lost (`services.read.db.pool.connection_lost`), the pool's idle connections are checked
and the dead ones replaced, and the handler runs once more; only a second failure is the
503 the error handlers give a database that cannot be reached. Handlers only read, so
running one twice is harmless.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from services.read.db.pool import connection_lost, replace_dead_connections
from services.read.routes.dependencies import ReadService

P = ParamSpec("P")
T = TypeVar("T")


def reconnecting(handler: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """`handler` (which takes `read`), tried once more after a lost connection."""

    @functools.wraps(handler)
    async def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await handler(*args, **kwargs)
        except Exception as exc:
            read = kwargs.get("read")
            if not connection_lost(exc) or not isinstance(read, ReadService):
                raise
            await replace_dead_connections(read.pool)
        return await handler(*args, **kwargs)

    run.reconnecting = True  # type: ignore[attr-defined]
    return run


def is_reconnecting(handler: Callable[..., object]) -> bool:
    """Whether `handler` was made `reconnecting` (tests/read/test_reconnecting.py checks
    every handler that takes `read`)."""
    return getattr(handler, "reconnecting", False) is True
