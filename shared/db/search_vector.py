"""The full-text search vector of `events` (migration 0009): what text of each kind of
event is searched, as SQL the generated column and the snippets share.

The generated column spells its expression out rather than calling a function: a call
of an SQL function that is not inlined costs more than the rest of the row's COPY
(measured: 24k rows/s plain, 7k through the function, 17k with the expression inline).
Snippets (`ts_headline`, read time, a page of rows) call `pilothouse_event_text`, the
same CASE as a function, with a tool call's input as its strings joined by spaces.
"""

from __future__ import annotations

_TEXT_OF_KIND = """CASE kind
    WHEN 'text' THEN payload ->> 'text'
    WHEN 'thinking' THEN payload ->> 'text'
    WHEN 'user' THEN payload ->> 'text'
    WHEN 'tool_result' THEN payload ->> 'content'
    WHEN 'result' THEN payload ->> 'result'
    WHEN 'error' THEN payload ->> 'message'
    WHEN 'stderr' THEN payload ->> 'line'
    WHEN 'setup_output' THEN payload ->> 'line'
    WHEN 'commit' THEN payload ->> 'message'
  END"""
"""The text of every searchable kind but tool calls (null for the rest)."""

SEARCH_VECTOR_SQL = (
    "CASE WHEN kind = 'tool_use'"
    " THEN to_tsvector('english'::regconfig, coalesce(payload ->> 'name', ''))"
    " || to_tsvector('english'::regconfig, coalesce(payload -> 'input', '{}'::jsonb))"
    f" ELSE to_tsvector('english'::regconfig, {_TEXT_OF_KIND}) END"
)
"""`events.search_vector`: a tool call's name and every string of its input (the jsonb
form of to_tsvector reads string values only), or the kind's text."""

EVENT_TEXT_FUNCTION = f"""
CREATE FUNCTION pilothouse_event_text(kind text, payload jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN kind = 'tool_use' THEN concat_ws(' ', payload ->> 'name', (
      SELECT string_agg(value #>> '{{}}', ' ')
      FROM jsonb_path_query(payload -> 'input', 'strict $.** ? (@.type() == "string")') AS value
    ))
    ELSE {_TEXT_OF_KIND} END
$$
"""
"""The searchable text of an event as one string, for snippets."""
