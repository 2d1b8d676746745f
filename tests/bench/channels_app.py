"""The ChannelsPlugin baseline of fan-out: a minimal Litestar app whose clients are served
by the WebSocket handler that Litestar's ChannelsPlugin generates for one channel.

`python -m tests.bench.channels_app PORT` serves it under uvicorn with the read service's
own server settings (services/read/server.py: uvloop, the same WebSocket options), so
only the app differs. Clients connect to /ws/bench_fanout. A control client on /control
loads frames (each text message starting with `{`), then sends `go`: the app publishes
each loaded frame to the channel, in order, and answers `done`; the plugin sends each
published message to every subscribed client. The frames are the ones the read service
sent in the same run, so the plugin is measured at equal batching. (Its psycopg backend
cannot carry them: a NOTIFY payload is at most 8,000 bytes, and a frame is up to 256 KB;
the in-memory backend is the plugin's fastest path.)
"""

from __future__ import annotations

import sys
from typing import Any

import uvicorn
from litestar import Litestar, WebSocket, websocket
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend

from services.read.server import server_config

CHANNEL = "bench_fanout"
PATH = f"/ws/{CHANNEL}"


@websocket("/control")
async def control(socket: WebSocket[Any, Any, Any], channels: ChannelsPlugin) -> None:
    """Load frames, then publish them all on `go`."""
    await socket.accept()
    loaded: list[str] = []
    while True:
        message = await socket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = str(message.get("text") or "")
        if text.startswith("{"):
            loaded.append(text)
        elif text == "go":
            for frame in loaded:
                await channels.wait_published(frame, CHANNEL)
            loaded.clear()
            await socket.send_text("done")
        elif text == "ping":
            await socket.send_text("pong")


def create_app() -> Litestar:
    channels = ChannelsPlugin(
        backend=MemoryChannelsBackend(),
        channels=[CHANNEL],
        create_ws_route_handlers=True,
        ws_handler_base_path="/ws/",
    )
    return Litestar(
        route_handlers=[control], plugins=[channels], openapi_config=None, logging_config=None
    )


def main() -> None:
    port = int(sys.argv[1])
    config = server_config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    config.ws_max_size = 16 * 1024 * 1024  # frames come in on /control; clients send nothing
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
