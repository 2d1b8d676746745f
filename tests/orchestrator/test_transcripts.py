"""Claude's transcripts in PostgreSQL (services/orchestrator/db/transcripts.py): what the
SDK appends comes back on load, in order, each entry with a uuid once, found by the
conversation's id whatever directory the resuming agent runs in."""

from __future__ import annotations

from claude_agent_sdk.types import SessionKey, SessionStoreEntry

from services.orchestrator.db.transcripts import TranscriptStore
from services.orchestrator.db.unit_of_work import Store

CONVERSATION = "0b7e3c1e-4f59-4f7e-9d6a-2f4c1b9a8e01"


def _entry(uuid: str | None, text: str) -> SessionStoreEntry:
    entry: SessionStoreEntry = {"type": "user", "message": {"content": text}}  # type: ignore[typeddict-unknown-key]
    if uuid is not None:
        entry["uuid"] = uuid
    return entry


async def test_appended_entries_load_back_in_order_once_each(store: Store) -> None:
    transcripts = TranscriptStore(store)
    here: SessionKey = {"project_key": "-work-a", "session_id": CONVERSATION}
    assert await transcripts.load(here) is None
    first = [_entry("u1", "hello"), _entry(None, "a title"), _entry("u2", "nul \x00 and é")]
    await transcripts.append(here, first)
    # The SDK retries a batch it is unsure of: the entries with a uuid are kept once.
    await transcripts.append(here, [_entry("u2", "nul \x00 and é"), _entry("u3", "more")])
    expected = [*first, _entry("u3", "more")]
    assert await transcripts.load(here) == expected
    # Another machine resumes in another directory: the same conversation.
    elsewhere: SessionKey = {"project_key": "-srv-b", "session_id": CONVERSATION}
    assert await transcripts.load(elsewhere) == expected


async def test_subagent_transcripts_are_kept_apart(store: Store) -> None:
    transcripts = TranscriptStore(store)
    main: SessionKey = {"project_key": "-work-a", "session_id": CONVERSATION}
    sub: SessionKey = {**main, "subpath": "subagents/agent-1"}
    await transcripts.append(main, [_entry("m1", "main")])
    await transcripts.append(sub, [_entry("s1", "sub")])
    assert await transcripts.load(main) == [_entry("m1", "main")]
    assert await transcripts.load(sub) == [_entry("s1", "sub")]
    listed = await transcripts.list_subkeys({"project_key": "x", "session_id": CONVERSATION})
    assert listed == ["subagents/agent-1"]
