"""README's performance table is the last full `make bench` run, rendered, not typed."""

from __future__ import annotations

import json

from tests.bench.readme_table import NOT_MEASURED, README, RUN_FILE, render, rewritten


def test_the_readme_table_matches_the_last_run() -> None:
    record = json.loads(RUN_FILE.read_text())
    readme = README.read_text()
    assert rewritten(readme, record) == readme, "run `python -m tests.bench.readme_table`"


def test_the_last_run_checked_every_target() -> None:
    record = json.loads(RUN_FILE.read_text())
    checked = {verdict["target"] for verdict in record["targets"]}
    from tests.bench.results import TARGETS  # noqa: PLC0415

    # A target added since the last full run is not in it yet; the table says so.
    assert checked <= {target.name for target in TARGETS}
    assert record["all_met"] == all(verdict["met"] for verdict in record["targets"])


def test_a_target_the_last_run_lacks_is_shown_as_not_measured() -> None:
    record = json.loads(RUN_FILE.read_text())
    record["targets"] = [v for v in record["targets"] if v["target"] != "search"]
    table = render(record)
    row = next(line for line in table.splitlines() if line.startswith("| search"))
    assert NOT_MEASURED in row
