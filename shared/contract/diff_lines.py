"""Which lines a unified diff shows, per side: what a review comment may point at.

A hunk `@@ -a,b +c,d @@` shows lines a… of the old file (context and removed lines) and
c… of the new one (context and added lines). A comment names lines of one side that the
diff shows; its excerpt is those lines' text. Pure functions, used by the orchestrator
to check comments and by clients to offer only what would be accepted.
"""

from __future__ import annotations

import re

from shared.contract.enums import DiffSide

_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")


def shown_lines(patch: str, side: DiffSide) -> dict[int, str]:
    """{line number: text} of every line of `side` the patch shows."""
    shown: dict[int, str] = {}
    old = new = 0
    in_hunk = False
    for line in patch.splitlines():
        header = _HUNK.match(line)
        if header:
            old, new, in_hunk = int(header[1]), int(header[2]), True
            continue
        if not in_hunk or not line or line[0] not in " +-":
            # File headers, `\\ No newline at end of file`, the next file's header.
            in_hunk = in_hunk and line.startswith("\\")
            continue
        text = line[1:]
        if line[0] in " -" and side is DiffSide.OLD:
            shown[old] = text
        if line[0] in " +" and side is DiffSide.NEW:
            shown[new] = text
        old += line[0] in " -"
        new += line[0] in " +"
    return shown


def excerpt(patch: str, side: DiffSide, start: int, end: int) -> str | None:
    """The text of lines start to end of `side`, or None unless the diff shows every one."""
    shown = shown_lines(patch, side)
    if not all(number in shown for number in range(start, end + 1)):
        return None
    return "\n".join(shown[number] for number in range(start, end + 1))
