"""Feed positions: the statement every event-writing transaction ends with, and the
snapshot's end of the feed that readers and REST snapshots report.

The orchestrator's unit of work (services/orchestrator/db/unit_of_work.py) says why the
counter is taken last and what that costs; tests and benchmarks that write events the
way it does use the same statement.
"""

from __future__ import annotations

TAKE_POSITIONS = (
    "UPDATE feed_counter SET last_position = last_position + %s RETURNING last_position"
)
"""Reserve the next n positions: returns the last of them (the first is last - n + 1).
The row stays locked until the transaction ends, so nothing may follow but the rows'
own INSERT or COPY and the commit."""

FEED_END = "(SELECT last_position FROM feed_counter)"
"""The highest position visible in the statement's snapshot, as an SQL expression: every
row at or below it is visible in that same snapshot, none above it is."""

EVENT_COPY = "COPY events (position, project_id, session_id, agent_id, kind, payload) FROM STDIN"
"""How rows go in once their positions are known (the cheapest way in, measured)."""

CHANGE_KINDS_SQL = "kind IN ('project_changed', 'session_changed')"
"""The rows of the `projects`, `sessions` and `project:<id>` topics: a few among many log
rows, so their indexes are partial (queries spell the kinds as literals, or a generic
plan of a prepared statement could not prove it may use them)."""
