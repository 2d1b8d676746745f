"""A browser page's live feed held back, as a slow network would: the read service's
`events` frames wait in the test until it releases them, in order; every other frame
(subscribed, pong, …) passes, so the page's heartbeat does not give up on the socket.
For what a tab does while it has not heard of a change yet."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, WebSocketRoute


class HeldFeed:
    def __init__(self, page: Page) -> None:
        self.holding = False
        self._queue: list[tuple[WebSocketRoute, str | bytes]] = []
        page.route_web_socket(re.compile(r"/ws$"), self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()  # the page's own frames still go out as sent
        server.on_message(lambda message: self._from_server(ws, message))

    def _from_server(self, ws: WebSocketRoute, message: str | bytes) -> None:
        # Once one is held, the ones after it wait too: the page gets them in feed order.
        if (self.holding or self._queue) and _is_events(message):
            self._queue.append((ws, message))
        else:
            ws.send(message)

    def hold(self) -> None:
        self.holding = True

    def release(self) -> None:
        """Deliver what was held, in order, and pass frames through again."""
        self.holding = False
        while self._queue:  # a frame that arrives meanwhile joins the end of the queue
            ws, message = self._queue.pop(0)
            ws.send(message)


def _is_events(message: str | bytes) -> bool:
    frame = json.loads(message)
    return isinstance(frame, dict) and frame.get("type") == "events"
