"""The Claude Code CLI the agents run: the SDK's bundled one, tied to this process's life.

If the orchestrator dies (SIGKILL, OOM), a CLI it started would otherwise live on as an
orphan, still running tools in the project with nobody recording what it does. On Linux
each CLI is started through a small launcher that asks the kernel to send it SIGTERM
when its parent dies (PR_SET_PDEATHSIG, kept across exec); the CLI then stops its tools
and exits. Elsewhere the bundled CLI is used as it is.

The launcher is also where the agent's environment is made clean. claude-agent-sdk starts
the CLI with this process's whole environment under the options' `env`, so the launcher
execs the CLI with only the variables the orchestrator listed (`PILOTHOUSE_AGENT_KEEP`,
from `shared/config/child_environment.py`) and those the SDK sets itself; the database
URL, the token and every PILOTHOUSE_* variable never reach the CLI or its tools.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import claude_agent_sdk

from shared.config import child_environment as allowed

PR_SET_PDEATHSIG = 1

_LAUNCHER = """#!{python} -S
# Written by Pilothouse: run the Claude Code CLI so that it ends with its parent, with
# only the allow-listed environment.
import ctypes, os, signal, sys
ctypes.CDLL(None, use_errno=True).prctl({option}, signal.SIGTERM)
if os.getppid() != int(os.environ.get("PILOTHOUSE_PARENT_PID", os.getppid())):
    sys.exit("pilothouse: parent gone before the CLI started")
kept = set(os.environ.get({keep!r}, "").split(","))
env = {{
    name: value for name, value in os.environ.items()
    if not (name.startswith({never_prefixes!r}) or name in {never_names!r})
    and (name in kept or name in {sdk_names!r} or name.startswith({sdk_prefixes!r}))
}}
os.execve({cli!r}, [{cli!r}, *sys.argv[1:]], env)
"""


def bundled_cli() -> Path | None:
    """The CLI shipped inside the claude-agent-sdk wheel, if this wheel has one."""
    path = Path(claude_agent_sdk.__file__).parent / "_bundled" / "claude"
    return path if path.is_file() else None


def guarded_cli(directory: Path) -> Path | None:
    """A launcher for the bundled CLI that dies with this process (Linux); else None."""
    cli = bundled_cli()
    if cli is None or not sys.platform.startswith("linux"):
        return None
    launcher = directory / "claude-guarded"
    text = _LAUNCHER.format(
        python=sys.executable,
        option=PR_SET_PDEATHSIG,
        cli=str(cli),
        keep=allowed.KEEP_VARIABLE,
        never_prefixes=allowed.NEVER_PREFIXES,
        never_names=allowed.NEVER_NAMES,
        sdk_names=allowed.SDK_ADDED_NAMES,
        sdk_prefixes=allowed.SDK_ADDED_PREFIXES,
    )
    if not launcher.is_file() or launcher.read_text() != text:
        directory.mkdir(parents=True, exist_ok=True)
        partial = directory / f".claude-guarded.{os.getpid()}"
        partial.write_text(text)
        partial.chmod(0o755)
        partial.replace(launcher)
    return launcher
