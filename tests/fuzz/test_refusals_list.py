"""The list of data-dependent refusals (tests/support/fuzz_refusals.py) is narrow: a listed
status is accepted for a schema-valid request only with a listed reason, on its own
operation, and schemathesis's check is widened for those operations alone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.fuzz_refusals import STATE_REFUSALS, listed, operations
from tests.support.fuzz_schemas import (
    KnownValues,
    orchestrator_document,
    read_document,
    service_schema,
)


@pytest.mark.parametrize(
    ("label", "status", "detail", "verdict"),
    [
        ("POST /api/projects", 400, "invalid path: path does not exist: '/x'", True),
        ("POST /api/projects", 400, "invalid path: must not be empty", False),
        ("POST /api/sessions", 400, "invalid base: no branch or commit 'x'", True),
        ("POST /api/sessions", 400, "invalid phases: each phase may be given once", False),
        ("POST /api/sessions", 400, "invalid max_budget_usd: Expected `float` > 0.0", False),
        ("POST /api/sessions", 413, "invalid prompt: prompt is 70001 bytes; the limit is 7", True),
        ("POST /api/sessions/{ref}/debug", 400, "invalid prompt: must not be blank", None),
        ("POST /api/projects/{ref}/archive", 400, "anything", None),
        ("GET /api/search", 400, "bad parameter 'until': until must be later than since", True),
        ("GET /api/search", 400, "bad parameter 'since': '0000-00-00' is not a date", False),
    ],
)
def test_only_listed_reasons_pass(
    label: str, status: int, detail: str, verdict: bool | None
) -> None:
    assert listed(label, status, detail) is verdict


@pytest.mark.parametrize("document", [orchestrator_document, read_document])
def test_the_check_is_widened_for_the_listed_operations_only(document: Any) -> None:
    schema = service_schema(document(), KnownValues())
    for operation in operations(schema):
        config = schema.config.checks_config_for(operation=operation, phase="fuzzing")
        expected = config.positive_data_acceptance.expected_statuses
        extra = [status for status in expected if status.isdigit() and int(status) in (400, 413)]
        assert sorted(extra) == sorted(map(str, STATE_REFUSALS.get(operation.label, {}))), (
            operation.label
        )
