"""What the read service's handlers share: settings, the pool, the hub and the tailer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from litestar.di import NamedDependency
from psycopg_pool import AsyncConnectionPool

from services.read.feed.hub import Hub
from services.read.feed.tailer import FeedTailer
from shared.config.settings import Settings


@dataclass(frozen=True)
class FeedLimits:
    """Bounds of the WebSocket feed, per connection."""

    outbox_events: int = 2000
    """Events queued for one connection before a slow client is resynced."""
    buffer_events: int = 20_000
    """Live events one subscription holds while it backfills."""
    topics: int = 64
    """Subscriptions per connection."""
    unanswered: int = 256
    """Answers (pong, error) a client may leave unread before it is closed."""


@dataclass(frozen=True)
class ReadService:
    """Everything a request handler needs; lives in `app.state.read`."""

    settings: Settings
    pool: AsyncConnectionPool
    hub: Hub
    tailer: FeedTailer
    limits: FeedLimits
    webui_dir: Path | None
    """The built web UI (index.html and assets), if there is one to serve."""


Read: TypeAlias = NamedDependency[ReadService]
"""How handlers ask for the ReadService (Litestar injects it by the parameter name `read`)."""
