"""Cost, tokens, turns and times as people read them, for every kind of output."""

from __future__ import annotations

from datetime import datetime

from shared.contract.wire import SessionView


def turns(count: int) -> str:
    """`1 turn`, `20 turns`."""
    return f"{count} turn" if count == 1 else f"{count} turns"


def money(cost_usd: float) -> str:
    """`$0.1784`: four decimals, because a scripted or short phase costs fractions of a cent."""
    return f"${cost_usd:.4f}"


def seconds(duration_ms: float) -> str:
    """`0.8 s`, `42 s`, `3 min 05 s`."""
    total = duration_ms / 1000
    if total < 10:
        return f"{total:.1f} s"
    if total < 60:
        return f"{total:.0f} s"
    minutes, rest = divmod(round(total), 60)
    return f"{minutes} min {rest:02d} s"


def elapsed(start: datetime | None, end: datetime | None) -> str | None:
    """The time between two timestamps, or None if either is missing."""
    if start is None or end is None:
        return None
    return seconds((end - start).total_seconds() * 1000)


def session_totals(session: SessionView) -> str:
    """`$0.1784 · 20 turns · 15,202 tokens in, 1,093 out · 7.2 s` (the cost marked
    `(simulated, not billed)` for a session on the scripted model)."""
    cost = money(session.cost_usd)
    if session.model_mode.value == "scripted":
        cost += " (simulated, not billed)"  # the scripted model's usage is made up
    parts = [
        cost,
        turns(session.turns),
        f"{session.input_tokens:,} tokens in, {session.output_tokens:,} out",
    ]
    if session.cache_read_tokens or session.cache_creation_tokens:
        parts.append(
            f"cache {session.cache_read_tokens:,} read, {session.cache_creation_tokens:,} written"
        )
    took = elapsed(session.started_at, session.finished_at)
    if took is not None:
        parts.append(took)
    return " · ".join(parts)


def local_time(moment: datetime) -> str:
    """`2026-11-22 01:44` in the machine's time zone."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
