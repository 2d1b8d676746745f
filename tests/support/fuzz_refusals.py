"""The refusals of schema-valid requests that depend on the data, not on the request.

Schemathesis's `positive_data_acceptance` check wants every request the document calls
valid to be accepted: answered 2xx, or one of the statuses that say the state of things
refused it (401, 403, 404, 409, 429 by default). What the OpenAPI documents can say, they
say (patterns, bounds, `additionalProperties: false`, `uniqueItems`, a `not` for
approve's rebase with a message), so a 400 for a schema-valid request is a bug in the
document or the service. A few refusals cannot be said by any schema, because they depend
on the filesystem, the repository, the session or the configuration; each is listed here
for the operation that can answer it, with the status and the words of its `detail`.

Schemathesis 4.32 judges this check by status alone (documented 4xx responses do not
count), so `accept_state_refusals` widens its expected statuses per operation by exactly
the statuses below, and `refusal_says_why` then fails any such answer to schema-valid
data whose `detail` is not one of the reasons listed: a 400 for anything else still
fails, as does the same status on an operation not listed.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
import schemathesis
from schemathesis import Case, CheckContext
from schemathesis.config import OperationConfig
from schemathesis.core.result import Ok
from schemathesis.core.transport import Response
from schemathesis.schemas import APIOperation

from shared.contract.wire import ErrorBody

_FILESYSTEM = r"path is too long: \d+ bytes|a path component is too long: \d+ bytes"
"""Limits in bytes (PATH_MAX, NAME_MAX): maxLength counts characters, and é is two bytes."""
_PROMPT_SIZE = r"is \d+ bytes; the limit is \d+$"
"""PILOTHOUSE_MAX_PROMPT_BYTES, the orchestrator's setting: not in its document."""

_NO_WORDS = r"^bad parameter 'q': .* has no words to search for"
"""Words PostgreSQL's text search ignores ("the") are its dictionary's."""

STATE_REFUSALS: dict[str, dict[int, str]] = {
    # The directory must exist under the allowed roots (PILOTHOUSE_ROOTS), not be hidden,
    # the data directory or the home directory; a setup file must not lead out of it
    # through a symlink.
    "POST /api/projects": {
        400: r"^invalid (path|setup_files): (path does not exist|path is not a directory"
        r"|path is outside the allowed roots|cannot expand .*: no such user|.* is inside the "
        r"hidden directory|.* is Pilothouse's data directory|the home directory itself"
        rf"|{_FILESYSTEM})",
    },
    "PATCH /api/projects/{ref}": {
        400: rf"^invalid setup_files: (path is outside the allowed roots|{_FILESYSTEM})",
    },
    # `base` must name a branch or commit of the project's repository (and the project
    # be in one); the prompt's limit is configured.
    "POST /api/sessions": {
        400: r"^invalid base: ",
        413: _PROMPT_SIZE,
    },
    # Only a phase the session has can be retried.
    "POST /api/sessions/{ref}/retry": {400: r"^invalid phase: \w+ is not a phase of this session$"},
    "POST /api/sessions/{ref}/debug": {413: _PROMPT_SIZE},
    "POST /api/sessions/{ref}/follow-up": {413: _PROMPT_SIZE},
    # A comment is on a file the session changed, on lines it has; `line_end` not before
    # `line_start` (JSON Schema cannot compare two fields).
    "POST /api/sessions/{ref}/comments": {
        400: r"^invalid (path|line_start|line_end): ",
    },
    "PATCH /api/sessions/{ref}/comments/{comment_id}": {
        400: r"^invalid (line_start|line_end): ",
    },
    # Filesystem limits of the names in a URL.
    "GET /api/browse": {400: rf"^bad parameter 'path': ({_FILESYSTEM})"},
    "GET /api/sessions/{ref}/artifacts/{path}": {400: rf"^bad parameter 'path': ({_FILESYSTEM})"},
    "GET /api/sessions/{ref}/changes/{path}": {400: rf"^bad parameter 'path': ({_FILESYSTEM})"},
    # Which words PostgreSQL's text search ignores ("the") is its dictionary's; `until`
    # after `since` compares two parameters.
    "GET /api/search": {
        400: r"^bad parameter '(q': .* has no words to search for|until': until must be later)",
    },
    "GET /api/sessions/{ref}/events": {400: _NO_WORDS},
}


def operations(schema: schemathesis.BaseSchema) -> list[APIOperation[Any, Any, Any, Any]]:
    return [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]


def accept_state_refusals(schema: schemathesis.BaseSchema) -> None:
    """Add each listed status to positive_data_acceptance's expected ones, for its
    operation only (schemathesis's own defaults for every other)."""
    defaults = schema.config.checks.positive_data_acceptance.expected_statuses
    labels = {operation.label for operation in operations(schema)}
    for label in labels & STATE_REFUSALS.keys():
        statuses = [*defaults, *map(str, STATE_REFUSALS[label])]
        schema.config.operations.operations.append(
            OperationConfig.from_dict(
                {
                    "include-name": label,
                    "checks": {"positive_data_acceptance": {"expected-statuses": statuses}},
                }
            )
        )


def listed(label: str, status: int, detail: str) -> bool | None:
    """Whether `detail` is a listed reason for `status` from the operation `label`; None
    when the operation does not list that status at all."""
    reason = STATE_REFUSALS.get(label, {}).get(status)
    return None if reason is None else bool(re.search(reason, detail))


def refusal_says_why(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """For a schema-valid request answered with a status its operation lists: the
    `detail` must be one of the listed reasons."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    label, status = case.operation.label, response.status_code
    if case.method != case.operation.method.upper() or status not in STATE_REFUSALS.get(label, {}):
        return None
    detail = msgspec.json.decode(response.content, type=ErrorBody).detail
    assert listed(label, status, detail), (
        f"{label}: schema-valid request refused [{status}] for a reason"
        f" tests/support/fuzz_refusals.py does not list: {detail}"
    )
    return True
