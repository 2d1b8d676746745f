"""Following one session: its events in feed order, each once, until it stops.

First the read service's REST pages after a token, then `/ws` subscribed to
`session:<id>` after the last token received. A dropped connection (the read service
restarted, the network hiccuped) is reconnected with backoff and resubscribed after
that same token, so nothing is missed; an event at or before it is never passed on
twice. Following ends at a `session_changed` event whose status is final.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import msgspec
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import connect

from services.cli.api import Api
from services.cli.outcome import FINAL_STATUSES, ClientError
from shared.contract.cursor import ORIGIN, Cursor
from shared.contract.enums import EventKind, SessionStatus
from shared.contract.events import EventView
from shared.contract.frames import Error, Events, ServerFrame, Subscribe
from shared.contract.wire import SessionDetail, SessionView

MAX_FRAME_BYTES = 16 * 1024 * 1024
"""Server frames batch events; one event alone may hold a payload of 256 KiB."""


class Sink(Protocol):
    """Where followed events go (the human renderer or the JSON stream)."""

    def events(self, topic: str, events: list[EventView]) -> None: ...

    def frame(self, frame: ServerFrame) -> None:
        """A control frame of /ws (subscribed, resync, error, pong)."""


@dataclass(frozen=True)
class Reconnect:
    """How long and how often to try the read service again after a drop."""

    give_up_after: float = 300.0
    first_delay: float = 0.1
    max_delay: float = 3.0


def retained_after(detail: SessionDetail, after: str) -> tuple[str, str | None]:
    """Where reading a session can start: `after`, or its retention horizon when older
    events were removed (docs/operations.md), with a remark saying so."""
    retention = detail.retention
    if retention is None or Cursor.parse(after) >= Cursor.parse(retention.horizon):
        return after, None
    where = f"; archived to {retention.archive}" if retention.archive else ""
    remark = (
        f"{retention.events_removed} older events of this session were removed by"
        f" retention{where}; showing what came after"
    )
    return retention.horizon, remark


def websocket_url(read_url: str) -> str:
    """`/ws` of the read service at `read_url` (http → ws, https → wss)."""
    scheme, _, rest = read_url.partition("://")
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}/ws"


class SessionFollower:
    """Passes one session's events to a sink until the session stops; see the module doc."""

    _decoder = msgspec.json.Decoder(ServerFrame)

    def __init__(
        self,
        api: Api,
        sink: Sink,
        *,
        reconnect: Reconnect | None = None,
        notice: Callable[[str], None] = lambda _: None,
    ) -> None:
        self._api = api
        self._sink = sink
        self._reconnect = reconnect or Reconnect()
        self._notice = notice
        self._last = ORIGIN
        self.session: SessionView | None = None
        """The session as its latest `session_changed` event showed it."""

    def follow(
        self, session_id: int, after: str = ORIGIN.token, known: SessionView | None = None
    ) -> SessionView:
        """Pass on the session's events after `after` until it stops; return its last state.
        `known`: the session as read before, for when the events after `after` may hold no
        `session_changed` at all (they start at a retention horizon)."""
        self._last = Cursor.parse(after)
        self.session = known
        topic = f"session:{session_id}"
        if not self._stopped_after_pages(session_id, topic):
            self._follow_live(topic)
        assert self.session is not None
        return self.session

    def _pass_on(self, topic: str, events: list[EventView], *, live: bool) -> bool:
        """Forward the events not seen yet; True when a live one says the session stopped."""
        fresh: list[EventView] = []
        stopped = False
        for event in events:
            position = Cursor(event.position)
            if position <= self._last:
                continue
            self._last = position
            fresh.append(event)
            if event.kind is EventKind.SESSION_CHANGED:
                self.session = event.payload
                if live and self.session.status in FINAL_STATUSES:
                    stopped = True
                    break
        if fresh:
            self._sink.events(topic, fresh)
        return stopped

    def _read_pages(self, session_id: int, topic: str) -> bool:
        """Pass on every event the REST pages show after the last one; True if any was new."""
        before = self._last
        while True:
            page = self._api.events(session_id, after=self._last.token)
            self._pass_on(topic, page.items, live=False)
            if page.next is None:
                return self._last != before

    def _stopped_after_pages(self, session_id: int, topic: str) -> bool:
        """Catch up over REST; True when the session has stopped and all of it is shown.

        The pages end where the feed stands now; a final status among them is believed
        only if the session detail, read afterwards, is final too (it may have been
        resumed by a transaction the pages do not show yet)."""
        self._read_pages(session_id, topic)
        while self._status in FINAL_STATUSES:
            if self._api.session(str(session_id)).session.status not in FINAL_STATUSES:
                return False
            if not self._read_pages(session_id, topic):
                return True
        return False

    @property
    def _status(self) -> SessionStatus | None:
        return None if self.session is None else self.session.status

    def _follow_live(self, topic: str) -> None:
        url = websocket_url(self._api.target.read_url)
        delay = self._reconnect.first_delay
        lost_at: float | None = None
        while True:
            try:
                with connect(url, open_timeout=10, close_timeout=2, max_size=MAX_FRAME_BYTES) as ws:
                    ws.send(msgspec.json.encode(Subscribe(topic=topic, after=self._last.token)))
                    for message in ws:
                        if lost_at is not None:
                            self._notice(f"reconnected; resumed after {self._last.token}")
                            lost_at, delay = None, self._reconnect.first_delay
                        if self._on_frame(topic, message):
                            return
            except InvalidStatus as exc:
                if exc.response.status_code < 500:
                    raise ClientError(
                        f"the read service refused the WebSocket at {url}"
                        f" (HTTP {exc.response.status_code})"
                    ) from None
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError):
                pass
            now = time.monotonic()
            if lost_at is None:
                lost_at = now
                self._notice(f"lost the read service at {url}; reconnecting")
            elif now - lost_at > self._reconnect.give_up_after:
                raise ClientError(
                    f"the read service at {url} has not answered for"
                    f" {self._reconnect.give_up_after:.0f} s; the session goes on without us"
                )
            time.sleep(delay)
            delay = min(delay * 2, self._reconnect.max_delay)

    def _on_frame(self, topic: str, message: str | bytes) -> bool:
        """Handle one server frame; True when the session has stopped."""
        try:
            frame = self._decoder.decode(message)
        except msgspec.ValidationError as error:
            # JSON, but not the contract this client was built with (an event's payload
            # is checked against its kind here): say so rather than show half a log.
            raise ClientError(
                f"the read service sent a frame this client cannot read ({error}):"
                " are both the same Pilothouse version?"
            ) from None
        except msgspec.DecodeError:
            raise ClientError(f"unexpected frame from the read service: {message[:80]!r}") from None
        if isinstance(frame, Events):
            return frame.topic == topic and self._pass_on(topic, frame.events, live=True)
        self._sink.frame(frame)
        if isinstance(frame, Error) and frame.code in ("bad_topic", "bad_token"):
            raise ClientError(f"the read service refused to follow {topic}: {frame.message}")
        return False
