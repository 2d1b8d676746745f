"""Which `events` rows a read selects: a topic's rows (for backfills, the same rule as
services/read/feed/topics.py routes live events by), a session's or an agent's (for the
REST pages). Each is served by one index of `events` (shared/db/schema.py)."""

from __future__ import annotations

from typing import NamedTuple

from psycopg import sql

from services.read.db.entities import ref_condition
from shared.contract.enums import EventKind
from shared.contract.topics import PROJECTS, SESSIONS, parse_topic
from shared.db.feed_positions import CHANGE_KINDS_SQL


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


# Kinds are literals, not parameters: the change indexes are partial, and a generic plan
# of a prepared statement could not prove a parameter satisfies their predicate.
_KIND_ROWS = {
    kind: sql.SQL("kind = {}").format(sql.Literal(kind.value))
    for kind in (EventKind.PROJECT_CHANGED, EventKind.SESSION_CHANGED)
}
_PROJECT_CHANGES = sql.SQL("project_id = %s AND " + CHANGE_KINDS_SQL)
_SESSION_ROWS = sql.SQL("session_id = %s")
_AGENT_ROWS = sql.SQL("agent_id = %s")
_AGENT_SESSION = sql.SQL("(SELECT session_id FROM agents WHERE id = %s)")
"""The session of an agent's rows, whose retention horizon bounds them."""


def topic_filter(topic: str) -> RowFilter:
    """The rows of a topic (raises shared.contract.topics.BadTopic for a bad name)."""
    parsed = parse_topic(topic)
    if parsed == PROJECTS:
        return RowFilter(_KIND_ROWS[EventKind.PROJECT_CHANGED], ())
    if parsed == SESSIONS:
        return RowFilter(_KIND_ROWS[EventKind.SESSION_CHANGED], ())
    assert not isinstance(parsed, str)
    if parsed.entity == "session":
        return RowFilter(_SESSION_ROWS, (parsed.id,), sql.SQL("%s"), (parsed.id,))
    return RowFilter(_PROJECT_CHANGES, (parsed.id,))


def session_rows(ref: str, agent_id: int | None = None) -> RowFilter:
    """The rows of the session `ref` names (an id or a slug), optionally of one of its
    agents. The session is looked up inside the page query: one round trip a page."""
    condition, value = ref_condition(ref)
    session_id = sql.SQL("(SELECT id FROM sessions WHERE {})").format(condition)
    scope = sql.SQL("session_id = ") + session_id
    if agent_id is None:
        return RowFilter(scope, (value,), session_id, (value,))
    return RowFilter(scope + sql.SQL(" AND agent_id = %s"), (value, agent_id), session_id, (value,))


def agent_rows(agent_id: int) -> RowFilter:
    """The rows of one agent."""
    return RowFilter(_AGENT_ROWS, (agent_id,), _AGENT_SESSION, (agent_id,))
