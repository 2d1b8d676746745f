"""Claude's conversation transcripts in PostgreSQL: the claude-agent-sdk's session store.

Every agent's CLI writes its conversation to a file under its config directory, which is
private to the machine. The SDK mirrors each line to a session store as it is written
(`append`) and, to resume a conversation, loads it back from the store (`load`) into a
temporary config directory the CLI resumes from. `TranscriptStore` is that store on the
orchestrator's database (`claude_transcripts`, migration 0011), so any orchestrator can
resume any interrupted session in its own Claude conversation.

Entries are found by Claude's session id (a UUID) and subpath alone: the SDK's project
key names the directory the agent ran in, which another machine may spell differently.
An entry with a `uuid` is stored once however often it is mirrored (the SDK retries);
entries without one are appended as they come. A conversation never written loads as
None, and the SDK then resumes from the local file as before (conversations from before
the store).
"""

from __future__ import annotations

from claude_agent_sdk import SessionStore
from claude_agent_sdk.types import SessionKey, SessionListSubkeysKey, SessionStoreEntry
from psycopg.types.json import Json

from services.orchestrator.db.unit_of_work import Store

_APPEND = """
INSERT INTO claude_transcripts (claude_session_id, subpath, project_key, entry_uuid, entry)
VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (claude_session_id, subpath, entry_uuid) WHERE entry_uuid IS NOT NULL DO NOTHING
"""
_LOAD = """
SELECT entry FROM claude_transcripts
WHERE claude_session_id = %s AND subpath = %s ORDER BY id
"""
_SUBKEYS = """
SELECT DISTINCT subpath FROM claude_transcripts
WHERE claude_session_id = %s AND subpath <> '' ORDER BY subpath
"""


class TranscriptStore(SessionStore):
    """claude_agent_sdk.SessionStore on the orchestrator's pool: append, load and
    list_subkeys (the Protocol's other methods stay absent: nothing lists or deletes
    transcripts yet)."""

    # The Protocol's own defaults, which the SDK reads as "not implemented".
    list_sessions = SessionStore.list_sessions
    list_session_summaries = SessionStore.list_session_summaries
    delete = SessionStore.delete

    def __init__(self, store: Store) -> None:
        self._pool = store.pool

    async def append(self, key: SessionKey, entries: list[SessionStoreEntry]) -> None:
        """Store a batch of entries in order, in one transaction."""
        if not entries:
            return
        rows = [
            (
                key["session_id"],
                key.get("subpath", ""),
                key["project_key"],
                entry.get("uuid") if isinstance(entry.get("uuid"), str) else None,
                Json(entry),
            )
            for entry in entries
        ]
        async with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
            await cursor.executemany(_APPEND, rows)

    async def load(self, key: SessionKey) -> list[SessionStoreEntry] | None:
        """The conversation's entries in the order stored; None if none was stored."""
        async with self._pool.connection() as conn:
            cursor = await conn.execute(_LOAD, (key["session_id"], key.get("subpath", "")))
            rows = await cursor.fetchall()
        return [row["entry"] for row in rows] or None

    async def list_subkeys(self, key: SessionListSubkeysKey) -> list[str]:
        """The subpaths (subagents' transcripts) stored under the conversation."""
        async with self._pool.connection() as conn:
            cursor = await conn.execute(_SUBKEYS, (key["session_id"],))
            return [row["subpath"] for row in await cursor.fetchall()]
