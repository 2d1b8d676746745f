"""`python -m tests.bench [figure ...]` (or `make bench`): run the figures, print each
beside its fair baseline with its spread and target, and end with one JSON line holding
every number and every target's verdict. Exits 1 if any target was missed.

A run of every figure is also written to RUN_FILE, which README's performance table is
rendered from (`python -m tests.bench.readme_table`; `make bench` does both).

To add a figure: write a bench_*.py module with `async def measure(bench) -> Figures`
(numbers measured in this run, baseline included; `*_wrong` counts deliveries or rows
that were lost, repeated or out of order) and `def report(figures) -> list[str]`, then
list it in FIGURES; a target of it goes in results.TARGETS.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import uvloop

from tests.bench import (
    bench_fanout,
    bench_ingest,
    bench_latency,
    bench_memory,
    bench_queries,
    bench_resume,
    bench_search,
    bench_session,
    bench_worktrees,
    bench_writers,
)
from tests.bench.harness import Figure, bench_server
from tests.bench.results import REPEATS, Figures, verdicts

RUN_FILE = Path(__file__).resolve().parents[2] / "docs" / "bench" / "last-run.json"


class Spec(NamedTuple):
    measure: Figure
    report: Callable[[Figures], list[str]]


FIGURES: dict[str, Spec] = {
    "latency": Spec(bench_latency.measure, bench_latency.report),
    "fanout": Spec(bench_fanout.measure, bench_fanout.report),
    "memory": Spec(bench_memory.measure, bench_memory.report),
    "queries": Spec(bench_queries.measure, bench_queries.report),
    "search": Spec(bench_search.measure, bench_search.report),
    "resume": Spec(bench_resume.measure, bench_resume.report),
    "ingest": Spec(bench_ingest.measure, bench_ingest.report),
    "writers": Spec(bench_writers.measure, bench_writers.report),
    "session": Spec(bench_session.measure, bench_session.report),
    "worktrees": Spec(bench_worktrees.measure, bench_worktrees.report),
}


async def run(names: list[str]) -> Figures:
    results: Figures = {}
    with bench_server() as bench:
        for name in names:
            started = time.monotonic()
            figures = await FIGURES[name].measure(bench)
            results.update(figures)
            for line in FIGURES[name].report(figures):
                print(line, flush=True)
            print(f"  ({name} took {time.monotonic() - started:.0f} s)", flush=True)
    results["deliveries_wrong"] = sum(v for k, v in results.items() if k.endswith("_wrong"))
    # The machine is shared: say how busy it was, so figures can be read in context.
    results["load_average_1m"] = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {results['load_average_1m']:.2f}")
    return results


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    names = sys.argv[1:] or list(FIGURES)
    unknown = [name for name in names if name not in FIGURES]
    if unknown:
        raise SystemExit(f"unknown figure {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    started = time.monotonic()
    # uvloop for the clients too: what is measured should be the servers, not the harness.
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        results = runner.run(run(names))
    checked = verdicts(results)
    missed = [verdict for verdict in checked if not verdict["met"]]
    for verdict in checked:
        mark = "met" if verdict["met"] else "MISSED"
        print(f"target {verdict['what']}: {verdict['value']} (bound {verdict['bound']}) {mark}")
    run_record = {
        "figures": {key: round(value, 3) for key, value in results.items()},
        "targets": checked,
        "all_met": not missed,
        "repeats": REPEATS,
        "seconds": round(time.monotonic() - started),
        "cpus": os.cpu_count(),
    }
    if names == list(FIGURES):
        RUN_FILE.parent.mkdir(parents=True, exist_ok=True)
        RUN_FILE.write_text(json.dumps(run_record, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(run_record, ensure_ascii=False), flush=True)
    if missed:
        raise SystemExit(1)


main()
