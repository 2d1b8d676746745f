"""The read side's queries of a session's branch: its commits, changed files and patches,
and the worktrees in use. SELECT only; the orchestrator stored all of it when it committed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, TypeVar

import msgspec
from psycopg import AsyncConnection

from shared.contract.review import CommitView, FileChange, FileDiff, WorktreeInUse
from shared.db.event_rows import Row

V = TypeVar("V", bound=msgspec.Struct)

_COMMIT = (
    "id, session_id, agent_id, phase, kind, sha, parent_sha, message, files, insertions,"
    " deletions, created_at"
)
_FILE = "path, old_path, status, insertions, deletions, is_binary AS binary, truncated"
# `commit_id IS NOT DISTINCT FROM %s`: null picks the session's whole change, which the
# partial index ix_file_changes_session serves; a commit id uses ix_file_changes_commit.
_SCOPE = "session_id = %s AND commit_id IS NOT DISTINCT FROM %s"


def _names(columns: str) -> list[str]:
    """The field each selected column fills: its alias, if it has one."""
    return [name.strip().rsplit(" AS ", 1)[-1] for name in columns.split(",")]


async def _all(
    conn: AsyncConnection[Row], view: type[V], columns: str, query: str, params: tuple[Any, ...]
) -> list[V]:
    cursor = await conn.execute(f"SELECT {columns} {query}", params)
    names = _names(columns)
    return [
        msgspec.convert(dict(zip(names, row, strict=True)), view) for row in await cursor.fetchall()
    ]


async def commits(conn: AsyncConnection[Row], session_id: int) -> list[CommitView]:
    """The session's commits, oldest first."""
    query = "FROM session_commits WHERE session_id = %s ORDER BY id"
    return await _all(conn, CommitView, _COMMIT, query, (session_id,))


async def agent_commit(
    conn: AsyncConnection[Row], session_id: int, agent_id: int
) -> CommitView | None:
    """The commit of one agent run (its last, should there be more)."""
    query = "FROM session_commits WHERE session_id = %s AND agent_id = %s ORDER BY id DESC LIMIT 1"
    found = await _all(conn, CommitView, _COMMIT, query, (session_id, agent_id))
    return found[0] if found else None


async def agent_of(conn: AsyncConnection[Row], session_id: int, agent_id: int) -> bool:
    cursor = await conn.execute(
        "SELECT 1 FROM agents WHERE id = %s AND session_id = %s", (agent_id, session_id)
    )
    return await cursor.fetchone() is not None


async def files(
    conn: AsyncConnection[Row], session_id: int, commit_id: int | None
) -> list[FileChange]:
    """The changed files of a scope (a commit, or with None the whole session), by path."""
    query = f"FROM file_changes WHERE {_SCOPE} ORDER BY path"
    return await _all(conn, FileChange, _FILE, query, (session_id, commit_id))


async def file_diff(
    conn: AsyncConnection[Row], session_id: int, commit_id: int | None, path: str
) -> FileDiff | None:
    columns = f"{_FILE}, patch, patch_bytes"
    query = f"FROM file_changes WHERE {_SCOPE} AND path = %s"
    found = await _all(conn, FileDiff, columns, query, (session_id, commit_id, path))
    return found[0] if found else None


async def patches(
    conn: AsyncConnection[Row], session_id: int, commit_id: int | None, page: int = 200
) -> AsyncIterator[tuple[str, str, bool, int]]:
    """(path, patch, truncated, patch_bytes) of a scope, by path, a page at a time (keyset
    on the path: no server-side cursor, no transaction held)."""
    after = ""
    while True:
        cursor = await conn.execute(
            f"SELECT path, patch, truncated, patch_bytes FROM file_changes WHERE {_SCOPE}"
            " AND path > %s ORDER BY path LIMIT %s",
            (session_id, commit_id, after, page),
        )
        rows = await cursor.fetchall()
        for row in rows:
            yield row[0], row[1], row[2], row[3]
        if len(rows) < page:
            return
        after = rows[-1][0]


async def worktrees(conn: AsyncConnection[Row]) -> list[WorktreeInUse]:
    """Sessions whose worktree exists, oldest first."""
    cursor = await conn.execute(
        "SELECT id, slug, project_id, status, worktree, worktree_bytes, finished_at"
        " FROM sessions WHERE worktree IS NOT NULL ORDER BY id"
    )
    names = ["session_id", "slug", "project_id", "status", "path", "bytes", "finished_at"]
    return [
        msgspec.convert(dict(zip(names, row, strict=True)), WorktreeInUse)
        for row in await cursor.fetchall()
    ]
