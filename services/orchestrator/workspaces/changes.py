"""What changed between two commits, file by file, in the form the database keeps.

Three read commands over the same pair, all with rename detection so their files come
in the same order: `--name-status` (status, old path), `--numstat` (+/- counts, binary)
and the patch itself, streamed and cut into one section per `diff --git` header. Each
file's patch is clipped to MAX_PATCH_BYTES and the whole scope to SCOPE_PATCH_BYTES, so
a huge generated file or a 10,000-file change is stored as a bounded summary, marked
`truncated`, never as an unbounded row.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from services.orchestrator.workspaces.git_process import git, git_argv, git_env
from shared.contract.enums import FileStatus
from shared.contract.review import FileDiff

MAX_PATCH_BYTES = 256 * 1024
"""Largest patch stored for one file."""
SCOPE_PATCH_BYTES = 32 * 1024 * 1024
"""Largest total of patches stored for one scope (a commit, or a whole session)."""

STATUSES = {
    "A": FileStatus.ADDED,
    "M": FileStatus.MODIFIED,
    "D": FileStatus.DELETED,
    "R": FileStatus.RENAMED,
    "C": FileStatus.COPIED,
    "T": FileStatus.TYPE_CHANGED,
}
_DIFF = ("--no-color", "--no-ext-diff", "--no-textconv", "-M")
_HEADER = b"diff --git "


@dataclass
class _Section:
    kept: bytearray = field(default_factory=bytearray)
    size: int = 0
    cut: bool = False


@dataclass
class _Clipper:
    """Cuts the streamed patch into per-file sections, keeping each within its bounds."""

    sections: list[_Section] = field(default_factory=list)
    budget: int = field(default_factory=lambda: SCOPE_PATCH_BYTES)

    def line(self, raw: bytes) -> None:
        if raw.startswith(_HEADER) or not self.sections:
            self.sections.append(_Section())
        section = self.sections[-1]
        section.size += len(raw)
        if section.cut:
            return
        if len(raw) > min(MAX_PATCH_BYTES - len(section.kept), self.budget):
            # Whole lines only, and none after the cut: a clipped patch still reads as one.
            section.cut = True
            return
        section.kept += raw
        self.budget -= len(raw)


async def _patches(top: Path, old: str, new: str) -> list[_Section]:
    process = await asyncio.create_subprocess_exec(
        *git_argv("diff", *_DIFF, "--patch", old, new),
        cwd=top, env=git_env(read_only=True),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    assert process.stdout is not None
    clipper, pending = _Clipper(), b""
    while chunk := await process.stdout.read(1 << 16):
        pending += chunk
        lines = pending.split(b"\n")
        pending = lines.pop()
        for raw in lines:
            clipper.line(raw + b"\n")
    if pending:
        clipper.line(pending)
    await process.wait()
    return clipper.sections


def _name_status(fields: list[str]) -> list[tuple[FileStatus, str, str | None]]:
    found: list[tuple[FileStatus, str, str | None]] = []
    index = 0
    while index < len(fields):
        code = fields[index][:1]
        if code in ("R", "C"):
            found.append((STATUSES[code], fields[index + 2], fields[index + 1]))
            index += 3
        else:
            found.append((STATUSES.get(code, FileStatus.MODIFIED), fields[index + 1], None))
            index += 2
    return found


def _numstat(raw: bytes) -> list[tuple[int, int, bool]]:
    """(insertions, deletions, binary) per file of `--numstat -z` output."""
    counts: list[tuple[int, int, bool]] = []
    parts = raw.split(b"\0")
    index = 0
    while index < len(parts) and parts[index]:
        added, deleted, path = parts[index].split(b"\t", 2)
        binary = added == b"-"
        counts.append((0 if binary else int(added), 0 if binary else int(deleted), binary))
        # A rename's entry has an empty path, then the old and the new path.
        index += 3 if path == b"" else 1
    return counts


def _text(section: _Section | None) -> tuple[str, int, bool]:
    if section is None:
        return "", 0, False
    patch = section.kept.decode(errors="replace").replace("\0", "")
    return patch, section.size, len(section.kept) < section.size


async def compute(top: Path, old: str, new: str) -> list[FileDiff]:
    """Every file changed from commit `old` to commit `new`, in git's order."""
    # The three walks of the same diff run side by side.
    listed, counted, sections = await asyncio.gather(
        git(top, "diff", *_DIFF, "--name-status", "-z", old, new, read_only=True),
        git(top, "diff", *_DIFF, "--numstat", "-z", old, new, read_only=True),
        _patches(top, old, new),
    )
    names, counts = _name_status(listed.fields()), _numstat(counted.stdout)
    if not (len(names) == len(counts) == len(sections)):
        raise RuntimeError(
            f"git diff {old[:12]}..{new[:12]} listed {len(names)} files but"
            f" {len(counts)} counts and {len(sections)} patches"
        )
    diffs = []
    for (status, path, old_path), (added, deleted, binary), section in zip(
        names, counts, sections, strict=True
    ):
        patch, size, truncated = _text(section)
        diffs.append(
            FileDiff(
                path=path, old_path=old_path, status=status, insertions=added,
                deletions=deleted, binary=binary, truncated=truncated, patch=patch,
                patch_bytes=size,
            )
        )  # fmt: skip
    return diffs
