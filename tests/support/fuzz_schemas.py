"""The services' OpenAPI documents for schemathesis, and the fuzz budget.

The documents are built from the services' own apps when the tests are collected (one
test per operation), and a test checks that the running services serve the same ones.
Requests go to the real services of tests/fuzz/conftest.py. Generated values are mixed
with ones that name the seeded rows, so positive cases reach real projects, sessions,
agents and files, not only 404s.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from litestar import Litestar
from requests.structures import CaseInsensitiveDict
from schemathesis import Case
from schemathesis.openapi import from_dict

from services.orchestrator.app import create_app as create_orchestrator
from services.read.app import create_app as create_read
from shared.config.settings import Settings
from tests.support.fuzz_refusals import accept_state_refusals

FUZZ_EXAMPLES = int(os.environ.get("PILOTHOUSE_FUZZ_EXAMPLES", "0"))
"""`make fuzz` sets it (more examples, and a seed of its own); `make test` leaves it unset."""

BUDGET = settings(
    max_examples=FUZZ_EXAMPLES or 150,
    deadline=None,
    # `make test`: the same cases every run. `make fuzz`: the seed pytest is given.
    derandomize=not FUZZ_EXAMPLES,
    database=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        # `answers` (below) collects over all of one operation's examples, on purpose.
        HealthCheck.function_scoped_fixture,
    ],
)
"""Per operation: bounded so the suite stays within minutes on two cores, and derandomized
so CI runs the same cases every time."""

UNUSED_DATABASE = "postgresql://nobody@127.0.0.1:1/unused"
"""The apps are only built to read their documents; nothing connects."""


def document(app: Litestar) -> dict[str, Any]:
    """The OpenAPI document `app` serves at /schema/openapi.json."""
    return app.openapi_schema.to_schema()


def read_document() -> dict[str, Any]:
    return document(create_read(Settings(), reader_url=UNUSED_DATABASE, webui_dir=None))


def orchestrator_document() -> dict[str, Any]:
    return document(create_orchestrator(Settings(database_url=UNUSED_DATABASE)))


AWKWARD: tuple[str, ...] = (
    "\x00",
    "demo\x00",
    "\u00b2",  # "²": str.isdigit() says yes, int() says no
    "\u0661\u0662",  # Arabic-Indic "12": digits to int(), not to PostgreSQL
    "9" * 30,  # beyond bigint
    "-1",
    "0",
    " ",
)
"""Strings that have broken services before; swapped into string values now and then,
since plain generation reaches them only rarely."""

_KEEP = object()


class KnownValues:
    """Values that name seeded rows, by parameter or body field name; filled in by a
    fixture once the rows exist (the schema is built when the tests are collected)."""

    def __init__(self) -> None:
        self.path: dict[str, list[object]] = {}
        self.query: dict[str, list[object]] = {}
        self.body: dict[str, list[object]] = {}
        self.token: str | None = None
        """The orchestrator's bearer token, sent through schemathesis's auth so that it
        knows the header is not generated (and still tries each command without it)."""


def _swaps(
    values: object, known: Mapping[str, Sequence[object]]
) -> st.SearchStrategy[dict[str, object]]:
    """For each field of `values`: keep it, or a known value, or an awkward string."""
    if not isinstance(values, dict):
        return st.just({})
    choices = {}
    for name, value in values.items():
        options: list[st.SearchStrategy[object]] = [st.just(_KEEP)]
        if known.get(name):
            # Twice: half of the swaps name a seeded row.
            options += [st.sampled_from(known[name])] * 2
        if isinstance(value, str):
            options.append(st.sampled_from(AWKWARD))
        if len(options) > 1:
            choices[name] = st.one_of(options)
    return st.fixed_dictionaries(choices)


def _swapped(values: dict[str, Any], swaps: dict[str, object]) -> dict[str, Any]:
    return {
        name: value if swaps.get(name, _KEEP) is _KEEP else swaps[name]
        for name, value in values.items()
    }


def service_schema(raw: dict[str, Any], known: KnownValues) -> schemathesis.BaseSchema:
    """A schemathesis schema of `raw` whose cases sometimes name `known` rows or carry
    awkward strings, and send `known.token` as the bearer token."""
    schema = from_dict(raw)
    # Both services ignore query parameters they do not know, as HTTP APIs commonly do.
    # The token comes from `known` (below), not from generation; schemathesis's
    # ignored_auth check still sends every command without it and wants the 401.
    schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)
    # Every check runs; positive_data_acceptance also takes the refusals that depend on
    # the data, per operation (tests/support/fuzz_refusals.py).
    accept_state_refusals(schema)

    @schema.auth(refresh_interval=None)
    class BearerToken:
        def get(self, case: Case[Any], context: schemathesis.AuthContext) -> str | None:
            return known.token

        def set(self, case: Case[Any], data: str | None, context: schemathesis.AuthContext) -> None:
            if data is not None:
                headers = case.headers if case.headers is not None else CaseInsensitiveDict()
                headers["Authorization"] = f"Bearer {data}"
                case.headers = headers

    @schema.hook("flatmap_case")
    def with_known_values(
        _: schemathesis.HookContext, case: Case[Any]
    ) -> st.SearchStrategy[Case[Any]]:
        def apply(
            swaps: tuple[dict[str, object], dict[str, object], dict[str, object]],
        ) -> Case[Any]:
            path, query, body = swaps
            if path:
                case.path_parameters = _swapped(case.path_parameters or {}, path)
            if query:
                case.query = _swapped(case.query or {}, query)
            if body and isinstance(case.body, dict):
                case.body = _swapped(case.body, body)
            # Schemathesis takes whatever leaves generation as generated; have it judge
            # the swapped values now, or a case made valid would still count as invalid.
            case.operation.schema.revalidate_case_metadata(case)
            return case

        return st.tuples(
            _swaps(case.path_parameters, known.path),
            _swaps(case.query, known.query),
            _swaps(case.body, known.body),
        ).map(apply)

    return schema


class Answers:
    """The statuses one operation's generated requests got to its own method (schemathesis
    tries other methods too)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.statuses: list[int] = []

    def record(self, case: Case[Any], status: int) -> None:
        if case.method == case.operation.method.upper():
            self.statuses.append(status)

    def check_reached(self, reachable: set[str]) -> None:
        """Generated requests did not all bounce: an operation that can succeed on the
        seeded rows answered some of them with success."""
        if self.label in reachable:
            assert self.statuses, f"{self.label}: no request was sent to it"
            assert min(self.statuses) < 400, f"{self.label}: only {sorted(set(self.statuses))}"


def answers_of(request: pytest.FixtureRequest, reachable: set[str]) -> Iterator[Answers]:
    """For a fixture of a conformance test: its operation's answers, checked for a
    success once every example has run (each operation on its own, in any order)."""
    label = getattr(request.node, "operation_label", None) or request.node.name
    answers = Answers(label)
    yield answers
    answers.check_reached(reachable)
