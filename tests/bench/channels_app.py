"""The ChannelsPlugin baseline of fan-out: a minimal Litestar app whose only route is the
WebSocket handler that Litestar's ChannelsPlugin generates for one channel, on the
plugin's psycopg backend (PsycoPgChannelsBackend: one LISTEN connection; each NOTIFY
payload on the channel is sent as one message to every connected client).

`python -m tests.bench.channels_app PORT DSN` serves it under uvicorn with the read
service's own server settings (services/read/server.py), so only the app differs.
"""

from __future__ import annotations

import sys

import uvicorn
from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.psycopg import PsycoPgChannelsBackend

from services.read.server import server_config

CHANNEL = "bench_fanout"
PATH = f"/ws/{CHANNEL}"


def create_app(dsn: str) -> Litestar:
    channels = ChannelsPlugin(
        backend=PsycoPgChannelsBackend(dsn),
        channels=[CHANNEL],
        create_ws_route_handlers=True,
        ws_handler_base_path="/ws/",
    )
    return Litestar(plugins=[channels], openapi_config=None, logging_config=None)


def main() -> None:
    port, dsn = int(sys.argv[1]), sys.argv[2]
    config = server_config(create_app(dsn), host="127.0.0.1", port=port, log_level="warning")
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
