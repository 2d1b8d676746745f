"""The orchestrator's SQL of review comments, and the stored patch they are checked against."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
from psycopg import sql

from services.orchestrator.db.plain_rows import columns_of, insert_row, update_row
from services.orchestrator.db.unit_of_work import UnitOfWork
from shared.contract.checks import CommentView

_COLUMNS = columns_of(CommentView)


def _view(row: Mapping[str, Any]) -> CommentView:
    return msgspec.convert(dict(row), CommentView)


async def session_patch(uow: UnitOfWork, session_id: int, path: str) -> tuple[bool, str] | None:
    """(binary, patch) of a file of the session's whole change, or None if it is not one."""
    row = await uow.fetch_optional(
        "SELECT is_binary, patch FROM file_changes"
        " WHERE session_id = %s AND commit_id IS NULL AND path = %s",
        [session_id, path],
    )
    return None if row is None else (row["is_binary"], row["patch"])


async def insert(uow: UnitOfWork, values: Mapping[str, Any]) -> CommentView:
    return _view(await insert_row(uow, "review_comments", values, _COLUMNS))


async def locked(uow: UnitOfWork, session_id: int, comment_id: int) -> CommentView | None:
    query = sql.SQL(
        "SELECT {} FROM review_comments WHERE id = %s AND session_id = %s FOR NO KEY UPDATE"
    ).format(_COLUMNS)
    row = await uow.fetch_optional(query, [comment_id, session_id])
    return None if row is None else _view(row)


async def update(uow: UnitOfWork, comment_id: int, values: Mapping[str, Any]) -> CommentView:
    return _view(await update_row(uow, "review_comments", comment_id, values, _COLUMNS))


async def delete(uow: UnitOfWork, comment_id: int) -> None:
    await uow.conn.execute("DELETE FROM review_comments WHERE id = %s", (comment_id,))


async def unresolved(uow: UnitOfWork, session_id: int) -> list[CommentView]:
    """The session's open comments by file and line, locked."""
    query = sql.SQL(
        "SELECT {} FROM review_comments WHERE session_id = %s AND NOT resolved"
        " ORDER BY path, line_start, id FOR NO KEY UPDATE"
    ).format(_COLUMNS)
    return [_view(row) for row in await uow.fetch_all(query, [session_id])]


async def mark_sent(uow: UnitOfWork, comment_ids: list[int], agent_id: int) -> None:
    await uow.conn.execute(
        "UPDATE review_comments SET sent_to = %s, updated_at = now() WHERE id = ANY(%s)",
        (agent_id, comment_ids),
    )
