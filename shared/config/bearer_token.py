"""The bearer token that guards commands: from the environment, or generated once."""

from __future__ import annotations

import hmac
import os
import secrets

from shared.config.data_dir import private_directory
from shared.config.settings import Settings


def load_or_create_token(settings: Settings) -> str:
    """PILOTHOUSE_TOKEN if set; else the token kept in data_dir, generated on first use."""
    if settings.token:
        return settings.token
    path = settings.token_file
    try:
        token = path.read_text().strip()
    except FileNotFoundError:
        token = ""
    if token:
        return token
    private_directory(path.parent)
    token = secrets.token_urlsafe(32)
    # Create with owner-only permissions; O_EXCL makes a concurrent first run lose cleanly.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    return token


def read_token(settings: Settings) -> str | None:
    """The token clients should send, without creating one (None if there is none yet)."""
    if settings.token:
        return settings.token
    try:
        return settings.token_file.read_text().strip() or None
    except FileNotFoundError:
        return None


def token_matches(expected: str, presented: str | None) -> bool:
    """Constant-time comparison of a presented bearer token."""
    if not presented:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())
