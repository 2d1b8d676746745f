"""msgspec's validation messages in words a user can act on.

msgspec says what its schema checks ("Expected `str` matching regex '^[a-z0-9]...'");
a person registering a project wants to know what to type instead. The patterns are
the contract's own (shared/contract/wire.py), so a changed pattern without words here
falls back to msgspec's message rather than to a wrong explanation.
"""

from __future__ import annotations

import re

from shared.contract.wire import (
    ABSOLUTE_PATH_PATTERN,
    GIT_REVISION_PATTERN,
    REF_PATTERN,
    RELATIVE_PATH_PATTERN,
    SLUG_PATTERN,
    TEXT_PATTERN,
    VISIBLE_TEXT_PATTERN,
)

PATTERN_WORDS = {
    SLUG_PATTERN: "use lowercase letters, digits and dashes, starting with a letter or digit,"
    " not all digits (like my-project)",
    REF_PATTERN: "give a slug (lowercase letters, digits and dashes) or a numeric id",
    TEXT_PATTERN: "must not contain NUL characters",
    VISIBLE_TEXT_PATTERN: "must not be blank or contain NUL characters",
    ABSOLUTE_PATH_PATTERN: "path must be absolute (or start with ~) and must not contain NUL"
    " characters",
    RELATIVE_PATH_PATTERN: "give a relative path inside the project (no leading /, no .."
    " component, no backslash or NUL)",
    GIT_REVISION_PATTERN: "give a branch name or a commit (letters, digits and ._/@+-,"
    " not starting with - or .)",
}

_REGEX = re.compile(r"^Expected `str` matching regex '(.*)'$", re.S)
_LENGTH = re.compile(r"^Expected `(str|array|object)` of length (>=|<=) (\d+)$")
_UNITS = {"str": "characters", "array": "items", "object": "entries"}


def plain(problem: str) -> str:
    """`problem` (msgspec's message, without its location) as a person would say it."""
    if regex := _REGEX.match(problem):
        # msgspec writes the pattern with its backslashes doubled.
        pattern = regex.group(1).replace("\\\\", "\\")
        return PATTERN_WORDS.get(pattern, problem)
    if length := _LENGTH.match(problem):
        kind, bound, count = length.groups()
        if bound == ">=" and count == "1":
            return "must not be empty"
        unit = _UNITS[kind]
        return (
            f"must have at least {count} {unit}"
            if bound == ">="
            else f"must have at most {count} {unit}"
        )
    return problem
