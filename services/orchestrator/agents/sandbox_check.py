"""Whether agents can be fenced on this machine, and if not, why — checked once at start.

The Claude Code sandbox needs Linux, bubblewrap able to make its namespaces, and socat;
the clean environment needs the agent launcher (services/orchestrator/agents/cli_launcher.py).
Where any is missing the orchestrator refuses to run agents unless the user opts out
(PILOTHOUSE_UNFENCED=1), and then every session it runs is labelled unfenced.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

INSTALL_HINT = "install Debian's bubblewrap and socat (apt-get install bubblewrap socat)"
OPT_OUT = "or set PILOTHOUSE_UNFENCED=1 to run agents without a fence, labelled unfenced"


def sandbox_missing() -> str | None:
    """What keeps the Claude Code sandbox from running here, or None when it can."""
    if not sys.platform.startswith("linux"):
        return f"the agent fence is measured on Linux only, not on {sys.platform}"
    for tool in ("bwrap", "socat"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed: {INSTALL_HINT}"
    bwrap = shutil.which("bwrap") or "bwrap"
    # What the CLI's sandbox itself asks of bubblewrap: new user, PID and network
    # namespaces and a fresh /proc. A container under the engine's default seccomp
    # profile refuses the namespaces; with seccomp off it still refuses to mount /proc
    # over its masked paths, and a trial without --proc would pass there while every
    # fenced Bash call failed (docs/deploy.md, "The agent fence in a container").
    trial_args = ["--ro-bind", "/", "/", "--dev", "/dev", "--unshare-user", "--unshare-pid"]
    trial_args += ["--proc", "/proc", "--unshare-net", "true"]
    try:
        trial = subprocess.run(  # noqa: S603
            [bwrap, *trial_args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap cannot run: {exc}"
    if trial.returncode != 0:
        detail = trial.stderr.strip().splitlines()[-1:] or [f"exit code {trial.returncode}"]
        return (
            f"bubblewrap cannot make a sandbox here ({detail[0]}): user namespaces may be off,"
            " or, in a container, forbidden by its seccomp profile or masked /proc"
            " (docs/deploy.md)"
        )
    return None


def refusal(missing: str) -> str:
    """The message of an orchestrator that will not run agents unfenced."""
    return f"pilothouse: agents cannot be fenced: {missing}; {OPT_OUT}"
