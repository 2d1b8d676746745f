"""The events of one unit of work: held until its end, then written with their positions.

This is where the feed's order is made. Positions come from the single `feed_counter`
row, taken by the transaction's last statements (the UPDATE of the counter, then the
COPY of its rows), just before COMMIT.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from psycopg import AsyncConnection

from services.orchestrator.db.log_rows import LogRow, copy_text
from shared.db.feed_positions import EVENT_COPY, TAKE_POSITIONS

Replace = Callable[[LogRow, Exception], LogRow]
"""What to write instead of a row the table refuses (see `PendingEvents.add`)."""

_COPY_CHUNK = 100


class PendingEvents:
    """Event rows appended during a transaction, in order, not yet in the table."""

    def __init__(self) -> None:
        self._rows: list[LogRow] = []
        self._replacements: dict[int, Replace] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, rows: Sequence[LogRow], replace: Replace | None = None) -> None:
        """Append rows. With `replace`, each row is written in a savepoint of its own and
        one the table refuses is replaced by `replace(row, error)`, so one bad entry
        cannot hold back the rest (the slow path, taken after a batch was refused)."""
        if replace is not None:
            for index in range(len(self._rows), len(self._rows) + len(rows)):
                self._replacements[index] = replace
        self._rows.extend(rows)

    async def write(self, conn: AsyncConnection[Any]) -> None:
        """Write every pending row; call it as the transaction's last step.

        The ordering hazard, and why this solves it: a reader follows the feed with
        `position > cursor`. That is only safe if no row can ever become visible at a
        position below one a reader has already seen, i.e. if positions commit in the
        order they are handed out. A sequence does not give that (two transactions take
        7 and 8, the one with 8 commits first, a reader passes 8, then 7 appears behind
        it), and the old rule (deliver only rows older than the snapshot's xmin) gave it
        by waiting for every open transaction on the server, of any database.

        Here each transaction reserves its positions by updating the one counter row.
        The row lock is held until COMMIT, so the next writer's UPDATE waits until this
        transaction has committed (its locks are released only after its commit is
        visible to every new snapshot) and then reads the new value: positions commit
        in order, and a snapshot that sees position n sees every position below it. The
        price is that writers serialize on this final instant, the counter UPDATE, the
        COPY of the rows and the commit itself, so it must stay the last thing the
        transaction does: any statement after it would make every other writer wait.

        Row locks elsewhere must never wait on this one in a cycle: while the counter is
        held, the COPY's foreign-key checks take KEY SHARE locks on the rows the events
        name. That is why the orchestrator locks rows FOR NO KEY UPDATE, never FOR UPDATE
        (unit_of_work.ROW_LOCK): the two do not conflict, so a transaction holding a row
        lock while it waits for the counter never blocks the holder of the counter."""
        rows, replacements = self._rows, self._replacements
        if not rows:
            return
        self._rows, self._replacements = [], {}
        cursor = await conn.execute(TAKE_POSITIONS, (len(rows),))
        taken = await cursor.fetchone()
        assert taken is not None, "migration 0007 creates the feed_counter row"
        first = _last_position(taken) - len(rows) + 1
        if not replacements:
            await _copy(conn, first, rows)
            return
        for offset, row in enumerate(rows):
            replace = replacements.get(offset)
            if replace is None:
                await _copy(conn, first + offset, [row])
                continue
            try:
                async with conn.transaction():
                    await _copy(conn, first + offset, [row])
            except (psycopg.DataError, psycopg.IntegrityError) as exc:
                await _copy(conn, first + offset, [replace(row, exc)])


def _last_position(row: Any) -> int:
    """The counter's new value from a tuple or a dict row."""
    return int(row["last_position"] if isinstance(row, dict) else row[0])


async def _copy(conn: AsyncConnection[Any], first: int, rows: Sequence[LogRow]) -> None:
    """One COPY of `rows` at positions first, first + 1, … (one statement: one doorbell)."""
    async with conn.cursor().copy(EVENT_COPY) as copy:
        for start in range(0, len(rows), _COPY_CHUNK):
            await copy.write(copy_text(first + start, rows[start : start + _COPY_CHUNK]))
