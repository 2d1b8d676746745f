"""The bare baseline of latency: NOTIFY → SELECT → WebSocket, nothing else.

`python -m tests.bench.bare_relay PORT DSN SESSION_ID`: one LISTEN connection on the
doorbell; on each notification it selects the session's new rows (the read service's
own SELECT list, payloads passed through as stored) and broadcasts them to every
connected client as one `events` frame of the read service's shape. No topics, no
backfill, no per-client queue: the floor a live feed over PostgreSQL can reach. It runs
on uvloop, like the read service.
"""

from __future__ import annotations

import sys

import msgspec
import uvloop
from psycopg import AsyncConnection, sql
from websockets.asyncio.server import ServerConnection, broadcast, serve

from shared.contract.cursor import DOORBELL_CHANNEL
from shared.contract.events import EventView
from shared.db.event_rows import EVENT_COLUMNS, event_view
from shared.db.feed_positions import FEED_END

_ROWS = (
    sql.SQL("SELECT ")
    + EVENT_COLUMNS
    + sql.SQL(" FROM events WHERE session_id = %s AND position > %s ORDER BY position LIMIT 1000")
)


class _Frame(msgspec.Struct, tag="events", tag_field="type"):
    topic: str
    events: list[EventView]


async def main(port: int, dsn: str, session_id: int) -> None:
    audience: set[ServerConnection] = set()

    async def handler(connection: ServerConnection) -> None:
        audience.add(connection)
        try:
            await connection.wait_closed()
        finally:
            audience.discard(connection)

    topic = f"session:{session_id}"
    encode = msgspec.json.Encoder().encode
    async with (
        await AsyncConnection.connect(dsn, autocommit=True) as conn,
        serve(handler, "127.0.0.1", port, compression=None, max_size=None),
    ):
        await conn.execute(f"LISTEN {DOORBELL_CHANNEL}")
        row = await (await conn.execute("SELECT " + FEED_END)).fetchone()
        assert row is not None
        position = int(row[0])
        while True:
            rows = await (await conn.execute(_ROWS, (session_id, position))).fetchall()
            if rows:
                events = [event_view(row) for row in rows]
                broadcast(audience, encode(_Frame(topic, events)).decode())
                position = events[-1].position
            if len(rows) < 1000:
                async for _ in conn.notifies(timeout=2.0, stop_after=1):
                    pass


if __name__ == "__main__":
    uvloop.run(main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3])))
