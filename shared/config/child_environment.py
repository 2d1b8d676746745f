"""The environment of everything Pilothouse runs for a project: agents' Claude Code CLIs
(and so every tool they start), setup commands and gates.

It is built from an allow-list, never by removing known secrets from Pilothouse's own
environment: a child gets PATH, a private HOME under the data directory, the locale, the
terminal, the variables the user named for agents (PILOTHOUSE_AGENT_ENV), and — agents
only — the model's variables. The database URL, the token and every other PILOTHOUSE_*
variable are never passed, even when named.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from shared.config.settings import Settings

DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin"
PLAIN = ("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "COLORTERM", "TMPDIR")
"""Passed as they are, when set."""
PLAIN_PREFIXES = ("LC_",)
MODEL_NAMES = ("CLAUDE_CONFIG_DIR", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")
MODEL_PREFIXES = ("ANTHROPIC_", "CLAUDE_CODE_")
"""The model's variables: credentials, base URL, the CLI's own switches."""
SDK_ADDED_NAMES = ("PWD",)
SDK_ADDED_PREFIXES = ("CLAUDE_AGENT_SDK_", "CLAUDE_CODE_")
"""What claude-agent-sdk itself sets for the CLI (its entry point, version, app label)."""
NEVER_PREFIXES = ("PILOTHOUSE_",)
NEVER_NAMES = ("DATABASE_URL", "PGPASSWORD", "PGPASSFILE", "PGSERVICEFILE")
KEEP_VARIABLE = "PILOTHOUSE_AGENT_KEEP"
"""Names the agent launcher keeps (comma-separated); the launcher drops everything else."""


def refused(name: str) -> bool:
    """A variable no child ever gets."""
    return name.startswith(NEVER_PREFIXES) or name in NEVER_NAMES


def private_home(settings: Settings) -> Path:
    """The HOME of every child: a directory of Pilothouse's, never the user's."""
    home = settings.data_dir / "agent-home"
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    return home


def _allowed(name: str, *, model: bool, named: tuple[str, ...]) -> bool:
    if refused(name):
        return False
    if name in PLAIN or name.startswith(PLAIN_PREFIXES) or name in named:
        return True
    return model and (name in MODEL_NAMES or name.startswith(MODEL_PREFIXES))


def child_environment(
    settings: Settings, *, model: bool, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The allow-listed environment of a child; `model` adds the model's variables (agents)."""
    source = os.environ if environ is None else environ
    named = settings.agent_env
    env = {k: v for k, v in source.items() if _allowed(k, model=model, named=named)}
    env.setdefault("PATH", DEFAULT_PATH)
    env.setdefault("LANG", "C.UTF-8")
    env.setdefault("TERM", "dumb")
    env["HOME"] = str(private_home(settings))
    return env
