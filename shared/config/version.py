"""The installed Pilothouse version, as both services report it."""

from __future__ import annotations

from importlib import metadata


def package_version() -> str:
    """The installed pilothouse version."""
    try:
        return metadata.version("pilothouse")
    except metadata.PackageNotFoundError:
        return "unknown"
