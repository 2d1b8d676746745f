"""Confining user-given paths to allowed directories (guarantee 5).

Both services take paths from users: project directories to register, directories to
browse, artifact files to read. Every such path goes through `confine`, which resolves
symlinks and `..` first and only then checks containment, so neither can escape.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

NAME_MAX = 255
"""Bytes in one path component (Linux's filesystems, and most others)."""
PATH_MAX = 4096
"""Bytes in a whole path, its terminating NUL included (Linux)."""


class PathRefused(ValueError):
    """A path that is malformed or lies outside every allowed root."""


class PathOutsideRoots(PathRefused):
    """A well-formed path whose real location is outside every allowed root."""


class PathMalformed(PathRefused):
    """A path no filesystem call can take: too long (ENAMETOOLONG) or not encodable (a
    lone surrogate). Malformed input — a 400 in both services — whatever it points at."""


def check_form(text: str) -> None:
    """Raise PathMalformed for a component over NAME_MAX bytes, a path of PATH_MAX bytes or
    more, or text that has no bytes (a lone surrogate such as JSON's "\\ud800")."""
    try:
        encoded = os.fsencode(text)
    except UnicodeEncodeError:
        raise PathMalformed("path is not valid text (it holds a lone surrogate)") from None
    if len(encoded) >= PATH_MAX:
        raise PathMalformed(f"path is too long: {len(encoded)} bytes, at most {PATH_MAX - 1}")
    longest = max(encoded.split(b"/"), key=len)
    if len(longest) > NAME_MAX:
        raise PathMalformed(
            f"a path component is too long: {len(longest)} bytes, at most {NAME_MAX}"
            f" ({os.fsdecode(longest[:40])!r}...)"
        )


def confine(path: str | Path, roots: Iterable[Path]) -> Path:
    """The resolved `path`, if it lies inside one of `roots` (themselves resolved).

    Raises PathRefused for relative or NUL-containing paths and for anything whose real
    location (after following symlinks) is outside all roots.
    """
    text = str(path)
    if "\x00" in text:
        raise PathRefused("path contains a NUL byte")
    check_form(text)
    try:
        candidate = Path(text).expanduser()
    except RuntimeError:  # `~name` of a user who does not exist
        raise PathRefused(f"cannot expand {text[:100]!r}: no such user") from None
    if not candidate.is_absolute():
        raise PathRefused(f"path must be absolute: {text!r}")
    check_form(str(candidate))
    real = candidate.resolve()
    for root in roots:
        root_real = root.resolve()
        if real == root_real or real.is_relative_to(root_real):
            return real
    raise PathOutsideRoots(f"path is outside the allowed roots: {text!r}")


def confine_relative(relative: str, base: Path) -> Path:
    """`base / relative`, refused if `relative` is absolute, has `..`, or escapes `base`
    through a symlink. For names taken from URLs (artifact paths)."""
    if "\x00" in relative or "\\" in relative:
        raise PathRefused("path contains a forbidden character")
    parts = PurePosixPath(relative).parts
    if not parts or relative.startswith("/") or ".." in parts:
        raise PathRefused(f"not a relative path inside the directory: {relative!r}")
    return confine(base / relative, [base])


def _root_of(real: Path, roots: Iterable[Path]) -> Path:
    for root in roots:
        root_real = root.resolve()
        if real == root_real or real.is_relative_to(root_real):
            return root_real
    raise PathRefused(f"path is outside the allowed roots: {str(real)!r}")


def refuse_private(real: Path, roots: Iterable[Path], *, data_dir: Path, refuse_home: bool) -> Path:
    """`real` (already confined) unless it is a place no project belongs: a hidden
    directory below its root (`~/.ssh`, `~/.config`), Pilothouse's own data directory or
    anything inside it (token, database, sessions' files), and — with `refuse_home` —
    the home directory itself. Raises PathRefused saying which."""
    root = _root_of(real, roots)
    hidden = [part for part in real.relative_to(root).parts if part.startswith(".")]
    if hidden:
        raise PathRefused(f"{str(real)!r} is inside the hidden directory {hidden[0]!r}")
    data = data_dir.resolve()
    if real == data or real.is_relative_to(data):
        raise PathRefused(f"{str(real)!r} is Pilothouse's data directory (PILOTHOUSE_DATA_DIR)")
    if refuse_home and real == Path.home().resolve():
        raise PathRefused("the home directory itself cannot be a project; pick a folder in it")
    return real
