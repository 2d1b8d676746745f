"""The scripted build agent's rounds after the pipeline, each recognised by the marker
that starts its message (services/orchestrator/agents/prompts.py, round_prompts.py):

- resolve: each conflicting file listed (`- path`) is read, then written back with both
  sides kept and the conflict markers gone;
- fix: each gate output line `error: PATH: expected TEXT` is repaired by adding the line
  TEXT to PATH (made if missing) — what a failing gate reported, repaired;
- review: for each comment (`File: PATH, line N` or `lines N-M`, then `Comment: BODY`)
  the line `# review: BODY` is put above the commented lines;
- follow-up: the message is added as a line to PILOTHOUSE_FOLLOW_UP.md.

Every edit is a Read, then a Write whose content is computed when it is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from services.scripted_model.turns import Context, Turn

RESOLVE = "Pilothouse resolve round."
FIX = "Pilothouse fix round."
REVIEW = "Pilothouse review round."
FOLLOW_UP = "Pilothouse follow-up."
MARKERS = (RESOLVE, FIX, REVIEW, FOLLOW_UP)
FOLLOW_UP_FILE = "PILOTHOUSE_FOLLOW_UP.md"

_FIX_LINE = re.compile(r"^error: (?P<path>[^\s:]+): expected (?P<text>.+)$", re.MULTILINE)
_COMMENT = re.compile(
    r"^File: (?P<path>\S+), lines? (?P<start>\d+)(?:-(?P<end>\d+))?.*?^Comment: (?P<body>.*)$",
    re.MULTILINE | re.DOTALL,
)

Edit = tuple[str, Callable[[str], str]]
"""A file (relative to the project) and how its text changes."""


def resolved(text: str) -> str:
    """`text` with each conflict kept from both sides, ours first, markers removed (the
    common ancestor's lines of a diff3-style conflict are dropped)."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line.rstrip("\n") == "=======":
            skipping = False
            continue
        if line.startswith("||||||| "):
            skipping = True
            continue
        if not skipping:
            kept.append(line)
    return "".join(kept)


def _appended(line: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        return text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"

    return change


def _above(line_number: int, note: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        lines = text.splitlines(keepends=True)
        at = min(max(line_number - 1, 0), len(lines))
        return "".join([*lines[:at], note + "\n", *lines[at:]])

    return change


def _edits(ctx: Context) -> tuple[list[Edit], str]:
    """What the latest round asks to change, and what the agent says when done."""
    if ctx.latest.startswith(FIX):
        found = [(m["path"], _appended(m["text"].strip())) for m in _FIX_LINE.finditer(ctx.latest)]
        return found, f"Repaired what the failing gates reported ({len(found)} fixes)."
    if ctx.latest.startswith(REVIEW):
        found = [
            (m["path"], _above(int(m["start"]), f"# review: {m['body'].strip()}"))
            for m in _COMMENT.finditer(ctx.latest)
        ]
        # Bottom-up, so an insertion never moves the lines of a later comment on the file.
        found.reverse()
        return found, f"Addressed {len(found)} review comments."
    if ctx.latest.startswith(FOLLOW_UP):
        message = ctx.latest.split("Message:\n", 1)[-1].strip().splitlines()
        return [(FOLLOW_UP_FILE, _appended(message[0] if message else ""))], "Done as asked."
    files = [line[2:].strip() for line in ctx.latest.splitlines() if line.startswith("- ")]
    return [(name, resolved) for name in files], f"Resolved the conflicts in {len(files)} files."


def round_turn(ctx: Context) -> Turn:
    """The next turn of the latest round: read, then write, each file it edits."""
    edits, done = _edits(ctx)
    step = ctx.round_step or 0
    if step >= 2 * len(edits):
        return Turn().say(done)
    name, change = edits[step // 2]
    path = Path(ctx.project) / name
    if step % 2 == 0:
        return Turn().say(f"Editing {name}.").use("Read", file_path=str(path))
    current = path.read_text(errors="replace") if path.is_file() else ""
    return Turn().use("Write", file_path=str(path), content=change(current))
