"""msgspec's validation messages become words a user can act on."""

from __future__ import annotations

import msgspec
import pytest

from services.orchestrator.http.plain_words import PATTERN_WORDS, plain
from shared.contract.wire import RegisterProject, StartSession


def _problem(body: bytes, kind: type) -> str:
    with pytest.raises(msgspec.ValidationError) as raised:
        msgspec.json.decode(body, type=kind)
    return str(raised.value).partition(" - at `$")[0]


def test_every_pattern_of_the_contract_has_words() -> None:
    bad_slug = _problem(b'{"path": "/p", "slug": "Not A Slug"}', RegisterProject)
    assert plain(bad_slug) == PATTERN_WORDS[next(iter(PATTERN_WORDS))]
    assert plain(_problem(b'{"project": "-x", "prompt": "p"}', StartSession)).startswith(
        "give a slug"
    )
    assert "NUL" in plain(_problem(b'{"project": "x", "prompt": "a\\u0000"}', StartSession))
    assert plain(
        _problem(b'{"project": "x", "prompt": "p", "base": "-b"}', StartSession)
    ).startswith("give a branch name or a commit")


def test_lengths_in_words() -> None:
    assert plain(_problem(b'{"project": "x", "prompt": ""}', StartSession)) == "must not be empty"
    too_long = b'{"project": "x", "prompt": "p", "title": "' + b"t" * 201 + b'"}'
    assert plain(_problem(too_long, StartSession)) == "must have at most 200 characters"


def test_anything_else_is_left_as_msgspec_said_it() -> None:
    assert plain("Expected `int`, got `str`") == "Expected `int`, got `str`"
    assert plain("Expected `str` matching regex '^x$'") == "Expected `str` matching regex '^x$'"
