"""The read side's query of supervised sessions' permission requests. SELECT only."""

from __future__ import annotations

import msgspec
from psycopg import AsyncConnection

from shared.contract.enums import PermissionStatus
from shared.contract.permissions import PermissionRequestView
from shared.db.event_rows import Row

_NAMES = [field.name for field in msgspec.structs.fields(PermissionRequestView)]


async def requests(
    conn: AsyncConnection[Row], session_id: int, status: PermissionStatus | None = None
) -> list[PermissionRequestView]:
    """A session's permission requests (of one status, if given), oldest first."""
    where = "session_id = %s" + ("" if status is None else " AND status = %s")
    params: tuple[object, ...] = (session_id,) if status is None else (session_id, status.value)
    cursor = await conn.execute(
        f"SELECT {', '.join(_NAMES)} FROM permission_requests WHERE {where} ORDER BY id",
        params,
    )
    return [
        msgspec.convert(dict(zip(_NAMES, row, strict=True)), PermissionRequestView)
        for row in await cursor.fetchall()
    ]
