"""Repeated figures and their targets: medians with their spread, paired ratios to a
baseline, and the check of every target that `make bench` exits on.

A figure is measured REPEATS times, ours and its baseline alternately, so both see the
same machine; each repeat gives one ratio (ours / baseline), and a target is judged on
the median of those ratios. Every number goes into the run's JSON flat: `name` is the
median, `name_min` and `name_max` its spread.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Figures = dict[str, float]

REPEATS = 5
"""How many times each figure is measured (median and spread of these)."""


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The sample at `fraction` (0..1) of the sorted samples (nearest rank)."""
    ordered = sorted(samples)
    rank = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[rank]


def spread(name: str, samples: Sequence[float]) -> Figures:
    """`name` (the median of the samples), `name_min` and `name_max`."""
    return {
        name: statistics.median(samples),
        f"{name}_min": min(samples),
        f"{name}_max": max(samples),
    }


def ratios(name: str, ours: Sequence[float], baseline: Sequence[float]) -> Figures:
    """The paired ratios ours[i] / baseline[i] as a spread named `name`."""
    return spread(name, [a / b for a, b in zip(ours, baseline, strict=True)])


def shown(f: Figures, name: str, unit: str = "", digits: int = 2) -> str:
    """`median (min-max) unit` of a spread, for reports."""
    low, high = f[f"{name}_min"], f[f"{name}_max"]
    return f"{f[name]:,.{digits}f}{unit} ({low:,.{digits}f}-{high:,.{digits}f})"


@dataclass(frozen=True)
class Target:
    """One target of DESIGN.md, checked on one figure of the run."""

    name: str
    figure: str
    """The figure compared: a ratio to a fair baseline, or an absolute amount."""
    bound: float
    kind: Literal["at_most", "at_least"]
    what: str
    """What the target says, in words, for the report and the README."""

    def met(self, f: Figures) -> bool:
        value = f[self.figure]
        return value <= self.bound if self.kind == "at_most" else value >= self.bound


TARGETS = (
    Target(
        "latency_p50", "latency_p50_vs_relay", 2.0, "at_most", "commit→client p50 ≤ 2x bare relay"
    ),
    Target(
        "latency_p99", "latency_p99_vs_relay", 3.0, "at_most", "commit→client p99 ≤ 3x bare relay"
    ),
    Target(
        "fanout_200",
        "fanout_200_vs_bare",
        0.8,
        "at_least",
        "fan-out to 200 ≥ 0.8x batched bare broadcast",
    ),
    Target(
        "fanout_1000",
        "fanout_1000_vs_bare",
        0.8,
        "at_least",
        "fan-out to 1,000 ≥ 0.8x batched bare broadcast",
    ),
    Target(
        "fanout_200_channels",
        "fanout_200_vs_channels",
        1.0,
        "at_least",
        "fan-out to 200 ahead of ChannelsPlugin, equal batching",
    ),
    Target(
        "fanout_1000_channels",
        "fanout_1000_vs_channels",
        1.0,
        "at_least",
        "fan-out to 1,000 ahead of ChannelsPlugin, equal batching",
    ),
    Target("ingest", "ingest_vs_bare_copy", 0.8, "at_least", "ingest ≥ 0.8x bare COPY"),
    Target(
        "events_page", "events_page_p99_vs_bare", 2.0, "at_most", "events page p99 ≤ 2x bare SQL"
    ),
    Target(
        "search",
        "search_p99_vs_bare",
        2.0,
        "at_most",
        "search over 1,000,000 events p99 ≤ 2x bare SQL",
    ),
    Target(
        "fanout_rss",
        "fanout_1000_read_peak_rss_mb",
        200.0,
        "at_most",
        "read-service peak RSS ≤ 200 MB, fan-out to 1,000",
    ),
    Target(
        "deliveries_exact",
        "deliveries_wrong",
        0.0,
        "at_most",
        "no event lost, duplicated or reordered; every row written",
    ),
)


def verdicts(f: Figures) -> list[dict[str, object]]:
    """Every target with the run's figure and whether it was met (those whose figure the
    run did not measure are left out)."""
    return [
        {
            "target": target.name,
            "what": target.what,
            "figure": target.figure,
            "value": round(f[target.figure], 3),
            "bound": target.bound,
            "met": target.met(f),
        }
        for target in TARGETS
        if target.figure in f
    ]
