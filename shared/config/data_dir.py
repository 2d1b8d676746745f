"""The data directory holds the token, the embedded database and every session's files:
it is created, and kept, readable by its owner only (0700)."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o700


def private_directory(path: Path) -> Path:
    """`path` as a directory only its owner can enter, created if missing (with its
    parents), tightened if it exists with wider permissions."""
    path.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != PRIVATE:
        os.chmod(path, PRIVATE)
    return path
