"""Terminal styling: ANSI colours when writing to a terminal, plain text otherwise.

Colour is on for a TTY unless NO_COLOR is set (https://no-color.org) or `--no-color`
is given; output piped to a file or another program is always plain.
"""

from __future__ import annotations

import os
import shutil
from typing import TextIO

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "magenta": "35",
    "cyan": "36",
}

MAX_WIDTH = 120
"""Past this, long lines of prose are harder to read than wrapped ones."""


def wants_color(stream: TextIO, *, disabled: bool = False) -> bool:
    """Whether to colour output written to `stream`."""
    if disabled or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def line_width() -> int:
    """Columns to wrap prose at: the terminal's (COLUMNS when piped), at most MAX_WIDTH."""
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, MAX_WIDTH))


class Style:
    """Wraps text in ANSI codes, or leaves it alone when colour is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles or not text:
            return text
        codes = ";".join(_CODES[style] for style in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"
