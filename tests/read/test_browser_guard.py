"""Pages of other origins cannot open the feed, and hostile Host names (DNS rebinding)
are refused while the service listens on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

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


async def test_foreign_host_header_is_refused_however_the_service_is_bound(
    start_read: Callable[..., Awaitable[RunningRead]], read_settings: Settings
) -> None:
    """Bound to every interface (as in the container), DNS rebinding is still refused:
    only loopback names and the configured public host may be in Host."""
    settings = msgspec.structs.replace(
        read_settings, read_host="0.0.0.0", read_url="http://pilothouse.lan:8000"
    )
    read = await start_read(settings)
    async with httpx.AsyncClient(base_url=read.url, timeout=10) as http:
        rebound = await http.get("/api/health", headers={"Host": "rebind.attacker.example"})
        assert rebound.status_code == 403
        for host in ("pilothouse.lan:8000", "PILOTHOUSE.lan", "127.0.0.1:8000", "localhost"):
            assert (await http.get("/api/health", headers={"Host": host})).status_code == 200
    assert await _websocket_handshake_status(read.url, "rebind.attacker.example") == 403
    assert await _websocket_handshake_status(read.url, "pilothouse.lan:8000") == 101


async def _websocket_handshake_status(url: str, host: str) -> int:
    """The status of a WebSocket handshake for /ws sent with this Host (client libraries
    set Host themselves, so the request is written by hand)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(
            f"GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 10)
    finally:
        writer.close()
    return int(status_line.split()[1])
