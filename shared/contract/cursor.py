"""The feed position: the `position` of an `events` row, and its string form, the token.

Every event-writing transaction takes its positions from one counter as its last step
before commit, so positions become visible in order and none can appear behind a
position a reader has passed (shared/db/feed_positions.py says how). A client holds the
token of the last event it saw and resumes strictly after it. Readers wake up on
DOORBELL_CHANNEL.

Tokens of Pilothouse before migration 0007 read `<xid>-<id>`; they still parse, as a
LegacyToken, which the read service translates to the position it stood for.
"""

from __future__ import annotations

import re
from typing import NamedTuple

DOORBELL_CHANNEL = "pilothouse_events"
"""NOTIFY channel rung once per transaction that inserts events (migration 0003).
Kept here, not in shared.db.schema, so a feed reader need not import the ORM to LISTEN."""


CURSOR_PATTERN = r"^[0-9]{1,18}(-[0-9]{1,18})?$"
"""What a token looks like: a position, or a legacy `<xid>-<id>`. ASCII digits only, and
at most 18 of them: every number then fits PostgreSQL's bigint, so no token can make a
query fail."""

_CURSOR = re.compile(CURSOR_PATTERN, re.ASCII)


class BadToken(ValueError):
    """A resume token that is neither `<position>` nor a legacy `<xid>-<id>`."""


class Cursor(NamedTuple):
    """A position in the feed; rows strictly after it have `position > self.position`."""

    position: int

    @property
    def token(self) -> str:
        """The opaque string clients store and send back."""
        return str(self.position)

    @classmethod
    def parse(cls, token: str) -> Cursor:
        """Read a current token; raises BadToken with a message a user can act on."""
        parsed = parse_token(token)
        if isinstance(parsed, LegacyToken):
            raise BadToken(
                f"resume token {token[:40]!r} is from an older Pilothouse version: reload"
            )
        return parsed


class LegacyToken(NamedTuple):
    """A token of the feed's first design, `(xid, id)` of a row (or `(xmin, 0)` of a
    snapshot). Migration 0007 kept what it takes to translate it into a position."""

    xid: int
    id: int


def parse_token(token: str) -> Cursor | LegacyToken:
    """A token as clients send it: a position, or a legacy `<xid>-<id>`."""
    if _CURSOR.fullmatch(token) is None:
        raise BadToken(f"invalid resume token {token[:40]!r}: expected a feed position")
    first, dash, second = token.partition("-")
    if not dash:
        return Cursor(int(first))
    if int(first) == 0:
        return ORIGIN  # "0-0" meant "from the start"; no transaction has xid 0
    return LegacyToken(int(first), int(second))


ORIGIN = Cursor(0)
"""Before every event."""
