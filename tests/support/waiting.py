"""Waiting until something a test can observe holds: the suite's one polling rule.

Tests synchronize on what they can see (a row, a frame, a process, a page's state),
never on a fixed sleep. `eventually` is for asyncio tests; `eventually_blocking` is the
same rule for code that must not run an event loop (the Playwright tests' sync API
keeps one of its own in the thread).
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar, overload

T = TypeVar("T")

WITHIN = 20.0
"""Seconds before a wait fails the test, unless the caller says otherwise."""
EVERY = 0.01
"""Seconds between two checks of an in-memory condition."""
EVERY_QUERY = 0.1
"""Seconds between two checks that do I/O (an awaited query, a page read): gentler on a
loaded machine, and such conditions change no faster."""


class _Deadline:
    def __init__(self, within: float, what: object) -> None:
        self.within = within
        self.what = what
        self.end = time.monotonic() + within

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise AssertionError(f"timed out after {self.within}s waiting for {self.what}")


@overload
async def eventually(
    check: Callable[[], Awaitable[T | None]],
    *,
    within: float = ...,
    every: float | None = ...,
    what: str = ...,
) -> T: ...


@overload
async def eventually(
    check: Callable[[], T | None],
    *,
    within: float = ...,
    every: float | None = ...,
    what: str = ...,
) -> T: ...


async def eventually(
    check: Callable[[], object],
    *,
    within: float = WITHIN,
    every: float | None = None,
    what: str = "",
) -> object:
    """Call `check` (plain or async) until it returns something truthy, and return that;
    fail the test after `within` seconds, naming `what`."""
    deadline = _Deadline(within, what or check)
    while True:
        value = check()
        awaited = inspect.isawaitable(value)
        if awaited:
            value = await value  # type: ignore[misc]
        if value:
            return value
        deadline.check()
        await asyncio.sleep(every or (EVERY_QUERY if awaited else EVERY))


def eventually_blocking(
    check: Callable[[], T | None],
    *,
    within: float = WITHIN,
    every: float = EVERY_QUERY,
    what: str = "",
) -> T:
    """`eventually` for code without an event loop: blocks the thread between checks."""
    deadline = _Deadline(within, what or check)
    while True:
        value = check()
        if value:
            return value
        deadline.check()
        time.sleep(every)
