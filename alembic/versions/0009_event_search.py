"""event search: a full-text vector of each log event, indexed with GIN

`events.search_vector` is a generated column: PostgreSQL computes it from the row as the
orchestrator's COPY writes it, so no writer has to know about it and an old row gets
one when this revision rewrites the table. Its text (shared/db/search_vector.py) is what
a person would search a log for: assistant text, thinking, prompts, tool names and every
string of a tool's input, tool results, results, errors, stderr, setup output, commit
messages; change events and bookkeeping kinds have none (null). The read service shows
matches with `ts_headline` over `pilothouse_event_text(kind, payload)`, the same text as
one string.

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
from shared.db.search_vector import EVENT_TEXT_FUNCTION, SEARCH_VECTOR_SQL

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOOL_USE_ID = "(payload ->> 'tool_use_id')"


def upgrade() -> None:
    op.execute(EVENT_TEXT_FUNCTION)
    op.execute(
        "ALTER TABLE events ADD COLUMN search_vector tsvector"
        f" GENERATED ALWAYS AS ({SEARCH_VECTOR_SQL}) STORED"
    )
    # Finer statistics of the vector's words: with the default, a word seen too rarely to
    # be listed is estimated at ~0.2% of the journal, and for "newest first, LIMIT 50" the
    # planner then walks the whole primary key backwards for a word that is nowhere
    # (1.4 s at 1M events); with 1,000 it takes the GIN index for rare words (ms).
    op.execute("ALTER TABLE events ALTER COLUMN search_vector SET STATISTICS 1000")
    op.execute("CREATE INDEX ix_events_search ON events USING gin (search_vector)")
    op.execute(f"CREATE INDEX ix_events_tool_use ON events ({TOOL_USE_ID}) WHERE kind = 'tool_use'")


def downgrade() -> None:
    op.execute("DROP INDEX ix_events_tool_use")
    op.execute("DROP INDEX ix_events_search")
    op.execute("ALTER TABLE events DROP COLUMN search_vector")
    op.execute("DROP FUNCTION pilothouse_event_text(text, jsonb)")
