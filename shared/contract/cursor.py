"""The feed position: `(xid, id)` of an `events` row, and its string form, the token.

Events are read in `(xid, id)` order and only below the current snapshot's xmin, so
a position never has a row appear behind it later. A client holds the token of the
last event it saw and resumes strictly after it. Readers wake up on DOORBELL_CHANNEL.
"""

from __future__ import annotations

import re
from typing import NamedTuple

DOORBELL_CHANNEL = "pilothouse_events"
"""NOTIFY channel rung once per transaction that inserts events (migration 0003).
Kept here, not in shared.db.schema, so a feed reader need not import the ORM to LISTEN."""


CURSOR_PATTERN = r"^[0-9]{1,18}-[0-9]{1,18}$"
"""What a token looks like. ASCII digits only, and at most 18 of them: both numbers then
fit PostgreSQL's bigint (and xid8), so no token can make a query fail."""

_CURSOR = re.compile(CURSOR_PATTERN, re.ASCII)


class BadToken(ValueError):
    """A resume token that is not of the form `<xid>-<id>`."""


class Cursor(NamedTuple):
    """A position in the feed; rows strictly after it are `(xid, id) > (self.xid, self.id)`."""

    xid: int
    id: int

    @property
    def token(self) -> str:
        """The opaque string clients store and send back."""
        return f"{self.xid}-{self.id}"

    @classmethod
    def parse(cls, token: str) -> Cursor:
        """Read a token; raises BadToken with a message a user can act on."""
        if _CURSOR.fullmatch(token) is None:
            raise BadToken(f"invalid resume token {token[:40]!r}: expected '<xid>-<id>'")
        xid_text, _, id_text = token.partition("-")
        return cls(int(xid_text), int(id_text))

    @classmethod
    def before_xid(cls, xmin: int) -> Cursor:
        """The position just before every row of transaction `xmin` and later ones."""
        return cls(xmin, 0)


ORIGIN = Cursor(0, 0)
"""Before every event."""
