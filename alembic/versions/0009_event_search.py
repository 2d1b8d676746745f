"""event search: a full-text vector of each log event, indexed with GIN

`events.search_vector` is a generated column: PostgreSQL computes it from the row as the
orchestrator's COPY writes it, so no writer has to know about it and an old row gets
one when this revision rewrites the table. Its text is `pilothouse_event_text(kind,
payload)`: what a person would search a log for (assistant text, thinking, prompts,
tool names and every string of a tool's input, tool results, results, errors, stderr,
setup output, commit messages); change events and bookkeeping kinds have none (null,
which costs no index entry). The read service shows matches with `ts_headline` over the
same function, so a snippet highlights exactly what the vector matched.

`ix_events_tool_use` finds a tool call by its `tool_use_id`: a tool filter keeps a tool
result when the call it answers used one of the tools (the result itself does not name
the tool).

Adding a stored generated column rewrites `events` under an exclusive lock: plan the
upgrade of a large journal for a quiet moment (docs/operations.md).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_TEXT = """
CREATE FUNCTION pilothouse_event_text(kind text, payload jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE kind
    WHEN 'text' THEN payload ->> 'text'
    WHEN 'thinking' THEN payload ->> 'text'
    WHEN 'user' THEN payload ->> 'text'
    WHEN 'tool_use' THEN concat_ws(' ', payload ->> 'name', (
      SELECT string_agg(value #>> '{}', ' ')
      FROM jsonb_path_query(payload -> 'input', 'strict $.** ? (@.type() == "string")') AS value
    ))
    WHEN 'tool_result' THEN payload ->> 'content'
    WHEN 'result' THEN payload ->> 'result'
    WHEN 'error' THEN payload ->> 'message'
    WHEN 'stderr' THEN payload ->> 'line'
    WHEN 'setup_output' THEN payload ->> 'line'
    WHEN 'commit' THEN payload ->> 'message'
  END
$$
"""
"""The searchable text of an event (null for kinds nobody searches). The read service
highlights snippets in this same text."""

SEARCH_VECTOR = "to_tsvector('english'::regconfig, pilothouse_event_text(kind, payload))"
TOOL_USE_ID = "(payload ->> 'tool_use_id')"


def upgrade() -> None:
    op.execute(EVENT_TEXT)
    op.execute(
        "ALTER TABLE events ADD COLUMN search_vector tsvector"
        f" GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED"
    )
    op.execute("CREATE INDEX ix_events_search ON events USING gin (search_vector)")
    op.execute(f"CREATE INDEX ix_events_tool_use ON events ({TOOL_USE_ID}) WHERE kind = 'tool_use'")


def downgrade() -> None:
    op.execute("DROP INDEX ix_events_tool_use")
    op.execute("DROP INDEX ix_events_search")
    op.execute("ALTER TABLE events DROP COLUMN search_vector")
    op.execute("DROP FUNCTION pilothouse_event_text(text, jsonb)")
