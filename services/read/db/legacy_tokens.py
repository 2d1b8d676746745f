"""Old `<xid>-<id>` tokens, from clients that were connected across migration 0007,
translated into the position they stood for, so they resume exactly where they were.

Migration 0007 numbered the existing rows in their old `(xid, id)` order and recorded,
per old transaction, the positions its rows landed on (`feed_legacy_transactions`). A
token `(x, i)` stood after every row of a transaction below `x`, and after the rows of
`x` itself whose id is at most `i`: the translation is the last of those positions.
"""

from __future__ import annotations

from psycopg import AsyncConnection

from shared.contract.cursor import Cursor, LegacyToken
from shared.db.event_rows import Row

_TRANSLATE = """
SELECT greatest(
  (SELECT last_position FROM feed_legacy_transactions
   WHERE xid < %(xid)s::text::xid8 ORDER BY xid DESC LIMIT 1),
  (SELECT max(e.position) FROM feed_legacy_transactions t
   JOIN events e ON e.position BETWEEN t.first_position AND t.last_position
   WHERE t.xid = %(xid)s::text::xid8 AND e.id <= %(id)s - %(strict)s),
  0)
"""


async def resolve(
    conn: AsyncConnection[Row], token: Cursor | LegacyToken, *, before: bool = False
) -> Cursor:
    """The position a parsed token stands for (a current one stands for itself);
    `before`: as the bound of a `before` page."""
    if isinstance(token, Cursor):
        return token
    params = {"xid": str(token.xid), "id": token.id, "strict": int(before)}
    cursor = await conn.execute(_TRANSLATE, params)
    row = await cursor.fetchone()
    assert row is not None
    return Cursor(int(row[0]))
