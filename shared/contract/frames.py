"""WebSocket frames of the read service's `/ws`, JSON-encoded, tagged by `type`.

Client → server: `subscribe`, `unsubscribe`, `ping`.
Server → client: `events`, `subscribed`, `resync`, `error`, `pong`.

Topics: `projects` (every project_changed), `sessions` (every session_changed),
`project:<id>` (that project's project_changed and session_changed), `session:<id>`
(every event of that session: its log, session_changed and agent_changed).
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from shared.contract.events import EventView

Topic = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Token = Annotated[str, msgspec.Meta(max_length=64)]


class Subscribe(msgspec.Struct, tag="subscribe", tag_field="type", forbid_unknown_fields=True):
    """Start receiving a topic.

    `after` is a resume token: the server first sends every event of the topic after it
    (backfill from the database), then live events, with no gap and no duplicate. Without
    `after` the subscription starts at the live position now; "0" means from the start.
    """

    topic: Topic
    after: Token | None = None


class Unsubscribe(msgspec.Struct, tag="unsubscribe", tag_field="type", forbid_unknown_fields=True):
    topic: Topic


class Ping(msgspec.Struct, tag="ping", tag_field="type", forbid_unknown_fields=True):
    """Application-level liveness check; the server answers `pong`."""


ClientFrame = Subscribe | Unsubscribe | Ping


class Events(msgspec.Struct, tag="events", tag_field="type"):
    """One or more events of a topic, in feed order. Resume after the last one's token."""

    topic: str
    events: list[EventView]


class Subscribed(msgspec.Struct, tag="subscribed", tag_field="type"):
    """Backfill of `topic` is complete up to `token`; live events follow."""

    topic: str
    token: str


class Resync(msgspec.Struct, tag="resync", tag_field="type"):
    """Events of `topic` continue after `token`, caught up from the database by the
    server on its own.

    `removed` false: the client fell behind and its queued live events were dropped;
    `token` is the last event it was sent, so nothing is missed and nothing repeated.
    `removed` true: the client's resume token lies before its session's retention
    horizon: events between them were removed by retention (archived) and will never
    be sent; `token` is the horizon. Reload the session (REST) to show its state."""

    topic: str
    token: str
    reason: str
    removed: bool = False


class Error(msgspec.Struct, tag="error", tag_field="type"):
    """A frame was refused; the connection stays open. `code` is machine-readable."""

    code: str
    message: str
    topic: str | None = None


class Pong(msgspec.Struct, tag="pong", tag_field="type"):
    pass


ServerFrame = Events | Subscribed | Resync | Error | Pong

MAX_CLIENT_FRAME_BYTES = 4096
"""Client frames larger than this are refused with an error frame."""
