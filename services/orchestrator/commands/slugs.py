"""Slugs: the readable, URL-safe names of projects and sessions."""

from __future__ import annotations

import re
import secrets

MAX_BASE = 40

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str) -> str:
    """Lowercase words joined by '-', at most MAX_BASE characters, never all digits.

    All-digit slugs would read as numeric ids in `{ref}` paths, so they get a prefix.
    """
    base = _NOT_SLUG.sub("-", text.lower()).strip("-")[:MAX_BASE].strip("-")
    if not base:
        return fallback
    return f"{fallback}-{base}" if base.isdigit() else base


def numbered(base: str, attempt: int) -> str:
    """The `attempt`-th candidate for a unique slug: base, base-2, base-3, ..."""
    return base if attempt == 1 else f"{base}-{attempt}"


def with_suffix(base: str) -> str:
    """`base` plus a short random suffix, for slugs created often (sessions)."""
    return f"{base}-{secrets.token_hex(3)}"
