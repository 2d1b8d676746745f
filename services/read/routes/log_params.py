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
from shared.contract.search import MAX_FILTER_VALUES, MAX_QUERY_CHARS, SEARCHABLE_KINDS
from shared.contract.wire import BLANKS, VISIBLE_TEXT_PATTERN

_TOOL_NAME = r"[A-Za-z0-9_.:-]{1,128}"


def documented(pattern: str) -> dict[str, str]:
    """A pattern for the OpenAPI document only. The parser of the parameter (`kinds`,
    `tools`, `words`) refuses exactly what it does not match, in words: Litestar checking
    it first would answer with the regex instead."""
    return {"pattern": pattern}


def list_pattern(value: str) -> str:
    """A comma-separated list of one to MAX_FILTER_VALUES values that match `value`, as
    `_values` reads it: blanks around a value, and empty items, are ignored."""
    more = MAX_FILTER_VALUES - 1
    blank = f"[{BLANKS}]*"
    item = rf"{blank}(?:{value}){blank}"
    return rf"^(?:{blank},)*{item}(?:,(?:{blank},)*{item}){{0,{more}}}(?:,{blank})*$"


def _kinds_pattern(kinds: tuple[EventKind, ...]) -> str:
    # Longest first: `gate_output` before `gate`.
    return list_pattern("|".join(sorted((kind.value for kind in kinds), key=len, reverse=True)))


def _kind_param(kinds: tuple[EventKind, ...]) -> QueryParameter:
    names = ", ".join(kind.value for kind in kinds)
    return QueryParameter(
        max_length=400,
        schema_extra=documented(_kinds_pattern(kinds)),
        description=f"Event kinds, comma-separated, of: {names}.",
    )


KindParam = Annotated[str | None, _kind_param(tuple(EventKind))]
SearchKindParam = Annotated[str | None, _kind_param(SEARCHABLE_KINDS)]
ToolParam = Annotated[
    str | None,
    QueryParameter(
        max_length=2000,
        schema_extra=documented(list_pattern(_TOOL_NAME)),
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
        schema_extra=documented(VISIBLE_TEXT_PATTERN),
        description='Words to find (web search syntax: "a phrase", or, -word).',
    ),
]


def _values(name: str, value: str) -> tuple[str, ...]:
    given = [part.strip() for part in value.split(",") if part.strip()]
    if not given:
        raise bad_parameter(name, f"{name} is empty: give one or more, comma-separated")
    # Counted as given, repeats too: the document's pattern cannot count distinct values.
    if len(given) > MAX_FILTER_VALUES:
        raise bad_parameter(name, f"at most {MAX_FILTER_VALUES} values of {name}")
    return tuple(dict.fromkeys(given))


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
    bad = [name for name in names if not re.fullmatch(_TOOL_NAME, name)]
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
