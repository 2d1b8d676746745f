"""A minimal keep-alive HTTP/1.1 GET client for timing the server rather than a client
library (httpx adds the better part of a millisecond per request in Python)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit


class RawHttp:
    """One persistent connection; `get` returns (status, body). Content-Length bodies only,
    which is what the read service sends for JSON."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._host = host

    @classmethod
    async def connect(cls, base_url: str) -> RawHttp:
        parts = urlsplit(base_url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer, parts.netloc)

    async def get(self, target: str) -> tuple[int, bytes]:
        self._writer.write(f"GET {target} HTTP/1.1\r\nHost: {self._host}\r\n\r\n".encode())
        head = await self._reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self._reader.readexactly(length)

    async def close(self) -> None:
        self._writer.close()
        await self._writer.wait_closed()
