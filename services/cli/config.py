"""Where the services are and which token to send, found the way `make dev` left them.

Addresses come from shared.config.settings (PILOTHOUSE_READ_URL, PILOTHOUSE_READ_PORT, …) and
the token from shared.config.bearer_token (PILOTHOUSE_TOKEN, else the file in the data directory);
command-line flags override both. `make dev` keeps its data directory in the checkout,
so a client started elsewhere, with no PILOTHOUSE_DATA_DIR, also looks there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import msgspec

from services.cli.outcome import ClientError
from shared.config.bearer_token import read_token
from shared.config.settings import ENV_PREFIX, Settings, get_settings

CHECKOUT_DATA_DIR = Path(__file__).resolve().parents[2] / ".pilothouse"
"""The data directory of `make dev` run in the checkout this client belongs to."""


@dataclass(frozen=True)
class Target:
    """The two services this invocation talks to, and the token for commands."""

    read_url: str
    orchestrator_url: str
    token: str | None
    token_hint: str
    """Where the token came from or should come from, for error messages."""


def _token_from_settings(settings: Settings) -> tuple[str | None, str]:
    if settings.token:
        return settings.token, f"{ENV_PREFIX}TOKEN"
    candidates = [settings]
    if not os.environ.get(f"{ENV_PREFIX}DATA_DIR") and settings.data_dir != CHECKOUT_DATA_DIR:
        candidates.append(msgspec.structs.replace(settings, data_dir=CHECKOUT_DATA_DIR))
    for candidate in candidates:
        token = read_token(candidate)
        if token:
            return token, str(candidate.token_file)
    return None, f"{ENV_PREFIX}TOKEN and {settings.token_file}"


def checked_url(url: str, flag: str) -> str:
    """`url` without a trailing slash, if it is an http(s) address (nothing else is opened)."""
    scheme, _, rest = url.partition("://")
    if scheme not in ("http", "https") or not rest.strip("/"):
        raise ClientError(f"{flag} must be an http:// or https:// address, not {url!r}")
    return url.rstrip("/")


def resolve_target(
    *, read_url: str | None = None, orchestrator_url: str | None = None, token: str | None = None
) -> Target:
    """The services and token: explicit values first, then the environment and data dir."""
    settings = get_settings()
    found: str | None
    if token:
        found, hint = token, "--token"
    else:
        found, hint = _token_from_settings(settings)
    return Target(
        read_url=checked_url(read_url or settings.read_base_url, "--read-url"),
        orchestrator_url=checked_url(
            orchestrator_url or settings.orchestrator_base_url, "--orchestrator-url"
        ),
        token=found,
        token_hint=hint,
    )
