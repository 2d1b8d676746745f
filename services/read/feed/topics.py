"""Feed topics: the names clients subscribe to, and which journal rows belong to each.

Two views of the same rule, kept side by side so they cannot drift apart: `topics_of`
routes a live event to topics in memory, `topic_filter` selects a topic's rows in SQL
for a backfill (each served by one index of `events`, see shared/schema.py).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from psycopg import sql

from shared.contract.enums import EventKind

PROJECTS = "projects"
SESSIONS = "sessions"

_ENTITY_TOPIC = re.compile(r"^(project|session):([1-9][0-9]{0,17})$")


class BadTopic(ValueError):
    """A topic name that is not one of `projects`, `sessions`, `project:<id>`, `session:<id>`."""


def check_topic(topic: str) -> str:
    """`topic` itself when it names a topic; raises BadTopic with a message otherwise."""
    if topic in (PROJECTS, SESSIONS) or _ENTITY_TOPIC.match(topic):
        return topic
    raise BadTopic(
        f"unknown topic {topic[:64]!r}: expected projects, sessions, project:<id> or session:<id>"
    )


def topics_of(kind: EventKind, project_id: int | None, session_id: int | None) -> tuple[str, ...]:
    """Every topic an event is delivered to."""
    topics: list[str] = []
    if session_id is not None:
        topics.append(f"session:{session_id}")
    if kind is EventKind.PROJECT_CHANGED:
        topics.append(PROJECTS)
    elif kind is EventKind.SESSION_CHANGED:
        topics.append(SESSIONS)
    else:
        return tuple(topics)
    if project_id is not None:
        topics.append(f"project:{project_id}")
    return tuple(topics)


class RowFilter(NamedTuple):
    """A condition on `events` with its bound parameters (kept as parameters, not
    literals, so every session's query shares one prepared statement).

    Rows of one session also name that session (`session`: an SQL expression of its id),
    so a read checks the session's retention horizon. Rows of many sessions do not need
    to: retention keeps each session's last `session_changed`, so the `sessions` and
    `project:<id>` topics lose only snapshots a later one supersedes."""

    condition: sql.Composable
    params: tuple[object, ...]
    session: sql.Composable | None = None
    session_params: tuple[object, ...] = ()


SESSION_ROWS = sql.SQL("session_id = %s")
AGENT_ROWS = sql.SQL("agent_id = %s")
"""Conditions of the REST event pages (a session's are its topic's)."""
AGENT_SESSION = sql.SQL("(SELECT session_id FROM agents WHERE id = %s)")
"""The session of an agent's rows, whose retention horizon bounds them."""


def topic_filter(topic: str) -> RowFilter:
    """The condition on `events` selecting the rows of a (checked) topic."""
    if topic == PROJECTS:
        return RowFilter(sql.SQL("kind = %s"), (EventKind.PROJECT_CHANGED.value,))
    if topic == SESSIONS:
        return RowFilter(sql.SQL("kind = %s"), (EventKind.SESSION_CHANGED.value,))
    match = _ENTITY_TOPIC.match(topic)
    if match is None:
        raise BadTopic(f"unknown topic {topic[:64]!r}")
    entity, entity_id = match.group(1), int(match.group(2))
    if entity == "session":
        return RowFilter(SESSION_ROWS, (entity_id,), sql.SQL("%s"), (entity_id,))
    return RowFilter(
        sql.SQL("project_id = %s AND kind IN (%s, %s)"),
        (entity_id, EventKind.PROJECT_CHANGED.value, EventKind.SESSION_CHANGED.value),
    )
