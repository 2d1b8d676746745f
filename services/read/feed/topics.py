"""Routing live events to topics in memory (the topic grammar is shared/contract/topics.py;
the same rule in SQL, for backfills, is services/read/db/event_filters.py)."""

from __future__ import annotations

import functools

from shared.contract.enums import EventKind
from shared.contract.topics import PROJECTS, SESSIONS, project_topic, session_topic


@functools.lru_cache(maxsize=4096)
def topics_of(kind: str, project_id: int | None, session_id: int | None) -> tuple[str, ...]:
    """Every topic an event of `kind` (an EventKind value) is delivered to (remembered:
    the tailer asks for every event, and a session's events ask the same question)."""
    topics: list[str] = []
    if session_id is not None:
        topics.append(session_topic(session_id))
    if kind == EventKind.PROJECT_CHANGED:
        topics.append(PROJECTS)
    elif kind == EventKind.SESSION_CHANGED:
        topics.append(SESSIONS)
    else:
        return tuple(topics)
    if project_id is not None:
        topics.append(project_topic(project_id))
    return tuple(topics)
