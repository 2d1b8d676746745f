"""One orchestrator-like journal writer in a process of its own, for bench_writers.py.

`python -m tests.bench.writer_process DSN SCHEME PROJECT SESSION AGENT`, then one line
per run on stdin, `go ROWS BATCH`: it appends ROWS log entries of its agent, encoding
each payload as the journal does, and commits them BATCH per transaction; it answers
`START FIRST_COMMIT END ROWS` (time.monotonic, comparable across processes) on stdout.

SCHEME `positions` is the feed of migration 0007: each transaction takes its positions
from the counter as its last step, then COPYs its rows with them. SCHEME `xid` is the
first design (a database at migration 0006): the same COPY without positions.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import msgspec
import psycopg

from services.orchestrator.db.log_rows import LogRow, copy_text
from shared.contract.payloads import TextPayload
from shared.db.feed_positions import EVENT_COPY, TAKE_POSITIONS

_XID_COPY = "COPY events (project_id, session_id, agent_id, kind, payload) FROM STDIN"
_encode = msgspec.json.Encoder().encode


def _xid_text(rows: list[LogRow]) -> bytes:
    """The first design's COPY text: the row without a position."""
    return b"".join(line.split(b"\t", 1)[1] for line in copy_text(0, rows).splitlines(True))


def _run(
    conn: psycopg.Connection[tuple[Any, ...]],
    scheme: str,
    scope: tuple[int, int, int],
    rows: int,
    batch: int,
) -> float:
    """Write the rows; when the first transaction had committed."""
    project, session, agent = scope
    first_commit = 0.0
    for first in range(0, rows, batch):
        entries: list[LogRow] = [
            (
                project,
                session,
                agent,
                "text",
                _encode(TextPayload(text=f"Step {n}: " + "reading the code " * 12)),
            )
            for n in range(first, min(first + batch, rows))
        ]
        with conn.transaction(), conn.cursor() as cursor:
            if scheme == "positions":
                taken = cursor.execute(TAKE_POSITIONS, (len(entries),)).fetchone()
                assert taken is not None
                last = int(taken[0])
                with cursor.copy(EVENT_COPY) as copy:
                    copy.write(copy_text(last - len(entries) + 1, entries))
            else:
                with cursor.copy(_XID_COPY) as copy:
                    copy.write(_xid_text(entries))
        first_commit = first_commit or time.monotonic()
    return first_commit


def main() -> None:
    dsn, scheme = sys.argv[1], sys.argv[2]
    scope = (int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    with psycopg.connect(dsn, autocommit=True) as conn:
        print("ready", flush=True)
        for line in sys.stdin:
            command, rows, batch = line.split()
            assert command == "go"
            started = time.monotonic()
            first_commit = _run(conn, scheme, scope, int(rows), int(batch))
            print(f"{started} {first_commit} {time.monotonic()} {rows}", flush=True)


if __name__ == "__main__":
    main()
