"""Which `events` rows a read selects: a topic's rows (for backfills, the same rule as
services/read/feed/topics.py routes live events by), a session's or an agent's (for the
REST pages). Each is served by one index of `events` (shared/db/schema.py)."""

from __future__ import annotations

from typing import NamedTuple

from psycopg import sql

from services.read.db.log_filters import LogFilter
from shared.contract.enums import EventKind
from shared.contract.refs import ref_id
from shared.contract.topics import PROJECTS, SESSIONS, parse_topic
from shared.db.feed_positions import CHANGE_KINDS_SQL


class RowFilter(NamedTuple):
    """A condition on `events` with its bound parameters (kept as parameters, not
    literals, so every session's query shares one prepared statement).

    Rows of one session also name that session (`session`: an SQL expression of its id),
    so a read checks the session's retention horizon. Rows of many sessions do not need
    to: retention keeps each session's last `session_changed`, so the `sessions` and
    `project:<id>` topics lose only snapshots a later one supersedes."""

    shape: str
    """Names the SQL of `condition` and `session` (the same for every filter of the
    shape, only the parameters differ): the page query of each shape is composed once."""
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
_SESSION_ID = sql.SQL("%s")
_AGENT_ROWS = sql.SQL("agent_id = %s")
_AGENT_SESSION = sql.SQL("(SELECT session_id FROM agents WHERE id = %s)")
"""The session of an agent's rows, whose retention horizon bounds them."""


def topic_filter(topic: str) -> RowFilter:
    """The rows of a topic (raises shared.contract.topics.BadTopic for a bad name)."""
    parsed = parse_topic(topic)
    if parsed == PROJECTS:
        return RowFilter("projects", _KIND_ROWS[EventKind.PROJECT_CHANGED], ())
    if parsed == SESSIONS:
        return RowFilter("sessions", _KIND_ROWS[EventKind.SESSION_CHANGED], ())
    assert not isinstance(parsed, str)
    if parsed.entity == "session":
        return RowFilter("session", _SESSION_ROWS, (parsed.id,), _SESSION_ID, (parsed.id,))
    return RowFilter("project", _PROJECT_CHANGES, (parsed.id,))


def _session_scopes(by: str) -> tuple[sql.Composed, sql.Composed, sql.Composed]:
    """(the session's id, its rows, one agent's rows of it), the session named by `by`."""
    session_id = sql.SQL("(SELECT id FROM sessions WHERE {} = %s)").format(sql.Identifier(by))
    rows = sql.SQL("session_id = ") + session_id
    return session_id, rows, rows + sql.SQL(" AND agent_id = %s")


_SESSION_SCOPES = {by: _session_scopes(by) for by in ("id", "slug")}


def session_rows(ref: str, agent_id: int | None = None) -> RowFilter:
    """The rows of the session `ref` names (an id or a slug), optionally of one of its
    agents. The session is looked up inside the page query: one round trip a page."""
    row_id = ref_id(ref)
    value: int | str = ref if row_id is None else row_id
    by = "slug" if row_id is None else "id"
    session_id, rows, agent_rows = _SESSION_SCOPES[by]
    if agent_id is None:
        return RowFilter(f"session-by-{by}", rows, (value,), session_id, (value,))
    return RowFilter(f"session-by-{by}-agent", agent_rows, (value, agent_id), session_id, (value,))


def agent_rows(agent_id: int) -> RowFilter:
    """The rows of one agent."""
    return RowFilter("agent", _AGENT_ROWS, (agent_id,), _AGENT_SESSION, (agent_id,))


def narrowed(rows: RowFilter, log_filter: LogFilter) -> RowFilter:
    """`rows` that also pass a person's log filter (kinds, tools, errors, words)."""
    if log_filter.empty:
        return rows
    condition, params = log_filter.condition()
    return rows._replace(
        shape=f"{rows.shape}+{log_filter.shape}",
        condition=rows.condition + condition,
        params=(*rows.params, *params),
    )
