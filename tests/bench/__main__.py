"""`python -m tests.bench [figure ...]` (or `make bench`): run the figures, print each
beside its bare baseline, and end with one JSON line holding every number.

To add a figure: write a bench_*.py module with `async def measure(bench) -> Figures`
(numbers measured in this run, baseline included) and `def report(figures) -> list[str]`
(the lines to print), then list it in FIGURES.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import NamedTuple

import uvloop

from tests.bench import (
    bench_fanout,
    bench_ingest,
    bench_latency,
    bench_memory,
    bench_queries,
    bench_resume,
    bench_session,
    bench_worktrees,
)
from tests.bench.harness import Figure, Figures, bench_server


class Spec(NamedTuple):
    measure: Figure
    report: Callable[[Figures], list[str]]


FIGURES: dict[str, Spec] = {
    "latency": Spec(bench_latency.measure, bench_latency.report),
    "fanout": Spec(bench_fanout.measure, bench_fanout.report),
    "memory": Spec(bench_memory.measure, bench_memory.report),
    "queries": Spec(bench_queries.measure, bench_queries.report),
    "resume": Spec(bench_resume.measure, bench_resume.report),
    "ingest": Spec(bench_ingest.measure, bench_ingest.report),
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
    # uvloop for the clients too: what is measured should be the server, not the harness.
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        results = runner.run(run(names))
    print(json.dumps({key: round(value, 3) for key, value in results.items()}), flush=True)


main()
