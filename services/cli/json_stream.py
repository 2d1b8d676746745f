"""`--json`: the followed session as WebSocket frames, one JSON object per line.

Every line decodes as a `shared.contract.frames.ServerFrame`. Events fetched over REST before
the WebSocket opens are written as `events` frames too, so a script reads one format;
across reconnects each event appears once, in feed order.
"""

from __future__ import annotations

from typing import TextIO

import msgspec

from shared.contract.events import EventView
from shared.contract.frames import Events, ServerFrame


class JsonFrames:
    """A follow.Sink writing frames as JSON Lines."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._encoder = msgspec.json.Encoder()

    def events(self, topic: str, events: list[EventView]) -> None:
        self.frame(Events(topic=topic, events=events))

    def frame(self, frame: ServerFrame) -> None:
        self._out.write(self._encoder.encode(frame).decode() + "\n")
        self._out.flush()
