"""The journal writer: agent log events, batched into short all-or-nothing transactions.

A chatty agent produces many small log entries; writing each in its own transaction
would cost a commit (and a doorbell) apiece. Each agent's entries collect in a buffer
flushed with one COPY when it reaches `max_rows` or `max_delay` after its first entry,
whichever comes first. A flush either commits every row of its batch or none (the
rows go back to the front of the buffer), and flushes of one agent never overlap, so
its events keep their order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import msgspec
import psycopg

from services.orchestrator.db.log_rows import AgentScope, LogRow
from services.orchestrator.db.unit_of_work import Store, UnitOfWork
from shared.contract.enums import EventKind
from shared.contract.payloads import MAX_TEXT_CHARS, ErrorPayload

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_MAX_ROWS = 500
DEFAULT_MAX_DELAY = 0.025
"""Seconds a log entry may wait for companions before it is written."""


class AgentLog:
    """The buffered log of one agent run. Use `append`, then `close` (or `flush(also=...)`)."""

    def __init__(
        self,
        store: Store,
        scope: AgentScope,
        *,
        max_rows: int = DEFAULT_MAX_ROWS,
        max_delay: float = DEFAULT_MAX_DELAY,
    ) -> None:
        self.scope = scope
        self._store = store
        self._max_rows = max_rows
        self._max_delay = max_delay
        self._rows: list[LogRow] = []
        self._lock = asyncio.Lock()
        self._timer: asyncio.Task[None] | None = None

    @property
    def pending(self) -> int:
        """Entries appended but not yet committed."""
        return len(self._rows)

    async def append(self, kind: EventKind, payload: msgspec.Struct) -> None:
        """Buffer one entry; writes at once when the batch is full (which is backpressure)."""
        self.append_nowait(kind, payload)
        if len(self._rows) >= self._max_rows:
            await self.flush()

    def append_nowait(self, kind: EventKind, payload: msgspec.Struct) -> None:
        """Buffer one entry from synchronous code (a callback); the timer writes it."""
        self._rows.append(self.scope.row(kind, payload))
        if self._timer is None or self._timer.done():
            self._timer = asyncio.create_task(self._flush_soon())

    async def _flush_soon(self) -> None:
        await asyncio.sleep(self._max_delay)
        # Past the sleep this task is no longer cancelled by close(), which would cut a
        # transaction short; close() waits for it on the flush lock instead.
        self._timer = None
        try:
            await self.flush()
        except Exception:
            # The rows stay buffered; the next append or close tries again.
            log.exception("journal flush for agent %s failed", self.scope.agent_id)

    async def flush(self, also: Callable[[UnitOfWork], Awaitable[T]] | None = None) -> T | None:
        """Write every buffered entry in one transaction, together with `also`'s writes.

        `also` lets a state change (an agent finishing) commit atomically after the log
        entries that led to it. If the transaction fails, nothing of it is written and
        the entries stay buffered, in order."""
        async with self._lock:
            rows, self._rows = self._rows, []
            if not rows and also is None:
                return None
            try:
                try:
                    return await self._write(rows, also, isolated=False)
                except (psycopg.DataError, psycopg.IntegrityError):
                    if not rows:
                        raise
                    log.exception("agent %s: a log entry was refused", self.scope.agent_id)
                    return await self._write(rows, also, isolated=True)
            except BaseException:
                self._rows[:0] = rows
                raise

    async def _write(
        self,
        rows: list[LogRow],
        also: Callable[[UnitOfWork], Awaitable[T]] | None,
        *,
        isolated: bool,
    ) -> T | None:
        async with self._store.unit() as uow:
            if isolated:
                await uow.append_log_isolated(rows, self._refused)
            elif rows:
                await uow.append_log(rows)
            return await also(uow) if also is not None else None

    def _refused(self, row: LogRow, error: Exception) -> LogRow:
        message = f"a {row[3]} log entry could not be stored: {error}"
        return self.scope.row(EventKind.ERROR, ErrorPayload(message=message[:MAX_TEXT_CHARS]))

    async def close(self, also: Callable[[UnitOfWork], Awaitable[T]] | None = None) -> T | None:
        """Stop the timer and write what is left (with `also`, as in `flush`)."""
        timer, self._timer = self._timer, None
        if timer is not None and not timer.done():
            timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await timer
        return await self.flush(also)


class Journal:
    """The process's journal writer: hands out one buffered log per running agent."""

    def __init__(
        self,
        store: Store,
        *,
        max_rows: int = DEFAULT_MAX_ROWS,
        max_delay: float = DEFAULT_MAX_DELAY,
    ) -> None:
        self._store = store
        self._max_rows = max_rows
        self._max_delay = max_delay

    def for_agent(self, scope: AgentScope) -> AgentLog:
        return AgentLog(self._store, scope, max_rows=self._max_rows, max_delay=self._max_delay)
