"""Pages of other origins cannot open the feed, and hostile Host names (DNS rebinding)
are refused while the service listens on loopback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import msgspec
import pytest
import websockets

from shared.config.settings import Settings
from shared.contract.frames import Pong
from shared.contract.wire import ErrorBody
from tests.support.feed_client import FeedClient, feed_client
from tests.support.read_service import RunningRead
from tests.support.waiting import eventually


async def _answers(client: FeedClient) -> None:
    await client.send({"type": "ping"})
    await eventually(lambda: any(isinstance(frame, Pong) for frame in client.frames))


async def test_websocket_from_another_origin_is_refused(read: RunningRead) -> None:
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with feed_client(read.url, origin="http://evil.example"):
            pass
    assert refused.value.response.status_code == 403


async def test_websocket_from_the_ui_origin_or_no_browser_is_accepted(read: RunningRead) -> None:
    for options in ({"origin": read.url}, {}):
        async with feed_client(read.url, **options) as client:
            await _answers(client)


async def test_configured_ui_origin_may_open_the_feed(
    start_read: Callable[..., Awaitable[RunningRead]], read_settings: Settings
) -> None:
    settings = msgspec.structs.replace(read_settings, ui_origins=("http://localhost:5173",))
    read = await start_read(settings)
    async with feed_client(read.url, origin="http://localhost:5173") as client:
        await _answers(client)


async def test_foreign_host_header_is_refused_on_loopback(http: httpx.AsyncClient) -> None:
    response = await http.get("/api/health", headers={"Host": "rebound.example:8000"})
    assert response.status_code == 403
    assert "Host" in msgspec.json.decode(response.content, type=ErrorBody).detail
    assert (await http.get("/api/health", headers={"Host": "localhost:8000"})).status_code == 200
