"""The log filter parameters (`kind`, `tool`, `errors`, `q`) the search and the event
pages share, parsed into a LogFilter; a bad value is a 400 naming the parameter."""

from __future__ import annotations

import re
from typing import Annotated

from litestar.exceptions import ValidationException
from litestar.params import QueryParameter

from services.read.db.log_filters import LogFilter
from services.read.routes.errors import bad_parameter
from shared.contract.enums import EventKind
from shared.contract.search import MAX_FILTER_VALUES, MAX_QUERY_CHARS

KindParam = Annotated[
    str | None,
    QueryParameter(
        max_length=400, description="Event kinds, comma-separated (text, tool_use, error, …)."
    ),
]
ToolParam = Annotated[
    str | None,
    QueryParameter(
        max_length=2000,
        description="Tool names, comma-separated (Bash, Edit, …): their calls and results.",
    ),
]
ErrorsParam = Annotated[
    bool,
    QueryParameter(
        description="Only errors: error and stderr events, tool results and results that"
        " report an error."
    ),
]
WordsParam = Annotated[
    str | None,
    QueryParameter(
        max_length=MAX_QUERY_CHARS,
        description='Words to find (web search syntax: "a phrase", or, -word).',
    ),
]

_TOOL_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


def _values(name: str, value: str) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if not values:
        raise bad_parameter(name, f"{name} is empty: give one or more, comma-separated")
    if len(values) > MAX_FILTER_VALUES:
        raise bad_parameter(name, f"at most {MAX_FILTER_VALUES} values of {name}")
    return values


def kinds(value: str | None, allowed: tuple[EventKind, ...] = tuple(EventKind)) -> tuple[str, ...]:
    if value is None:
        return ()
    names = _values("kind", value)
    known = {kind.value for kind in allowed}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise bad_parameter(
            "kind", f"unknown kind {', '.join(unknown)}: use {', '.join(sorted(known))}"
        )
    return names


def tools(value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    names = _values("tool", value)
    bad = [name for name in names if not _TOOL_NAME.match(name)]
    if bad:
        raise bad_parameter(
            "tool", f"not a tool name: {', '.join(map(repr, bad))} (letters, digits, _ . : -)"
        )
    return names


def words(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not text:
        raise bad_parameter(name, f"{name} is empty: give the words to find")
    if "\x00" in text:
        raise bad_parameter(name, f"{name} holds a NUL character")
    return text


def unsearchable(words: str) -> ValidationException:
    """The 400 for words that hold nothing to search for."""
    return bad_parameter(
        "q", f"{words!r} has no words to search for (common words such as 'the' are ignored)"
    )


def log_filter(
    kind: str | None,
    tool: str | None,
    errors: bool,
    q: str | None,
    allowed: tuple[EventKind, ...] = tuple(EventKind),
) -> LogFilter:
    """The filter the parameters ask for."""
    return LogFilter(kinds(kind, allowed), tools(tool), errors, words("q", q))
