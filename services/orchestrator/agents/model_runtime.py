"""Who answers the agents: Claude itself, or the local scripted model server.

`auto` picks Claude when credentials exist (ANTHROPIC_API_KEY, an OAuth token, or the
user's logged-in CLI), the scripted model otherwise. In scripted mode the orchestrator
runs a ScriptedModelServer in-process and every CLI gets its environment; the mode is
stored on each session and in each init log entry, so every view can label the run.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from pathlib import Path

from services.orchestrator.agents.cli_launcher import guarded_cli
from services.orchestrator.agents.sandbox_check import refusal, sandbox_missing
from services.scripted_model.server import ScriptedModelServer
from shared.config.child_environment import KEEP_VARIABLE, child_environment
from shared.config.settings import Settings
from shared.contract.enums import ModelMode

log = logging.getLogger(__name__)

CREDENTIAL_VARIABLES = ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN")


def cli_logged_in(environ: Mapping[str, str]) -> bool:
    """Whether the user's Claude Code CLI holds a login (its credentials file exists)."""
    config_dir = environ.get("CLAUDE_CONFIG_DIR")
    home = Path(environ.get("HOME") or Path.home())
    candidates = [Path(config_dir)] if config_dir else []
    candidates.append(home / ".claude")
    return any((directory / ".credentials.json").is_file() for directory in candidates)


def resolve_mode(settings: Settings, environ: Mapping[str, str] | None = None) -> ModelMode:
    """The model mode to run with: settings.model_mode, with `auto` decided here."""
    env = os.environ if environ is None else environ
    wanted = settings.model_mode.lower()
    if wanted in (ModelMode.CLAUDE.value, ModelMode.SCRIPTED.value):
        return ModelMode(wanted)
    if wanted != "auto":
        raise SystemExit(
            f"pilothouse: PILOTHOUSE_MODEL_MODE must be auto, claude or scripted; not {wanted!r}"
        )
    if any(env.get(name) for name in CREDENTIAL_VARIABLES) or cli_logged_in(env):
        return ModelMode.CLAUDE
    return ModelMode.SCRIPTED


class ModelRuntime:
    """What every agent's CLI needs from the model mode: environment and executable."""

    def __init__(self, settings: Settings, mode: ModelMode) -> None:
        self.settings = settings
        self.mode = mode
        self._server: ScriptedModelServer | None = None
        self._env: dict[str, str] = {}
        self.cli_path: Path | None = None
        self.fenced = False
        """Whether agents run inside the fence (services/orchestrator/agents/fence.py)."""

    @property
    def scripted(self) -> bool:
        return self.mode is ModelMode.SCRIPTED

    @property
    def scripted_config_dir(self) -> Path:
        """The CLI's private config directory in scripted mode: it holds the transcripts
        that `resume` reads, so it outlives orchestrator restarts."""
        return self.settings.data_dir / "scripted-claude"

    async def start(self) -> None:
        self.cli_path = guarded_cli(self.settings.data_dir / "bin")
        missing = await asyncio.to_thread(sandbox_missing)
        if missing is None and self.cli_path is None:
            missing = "the agent launcher needs Linux and the SDK's bundled Claude Code CLI"
        if missing is not None and not self.settings.unfenced:
            raise SystemExit(refusal(missing))
        if missing is not None:
            log.warning("agents run UNFENCED (PILOTHOUSE_UNFENCED): %s", missing)
        self.fenced = missing is None and not self.settings.unfenced
        self._env = child_environment(self.settings, model=True)
        home = self._env["HOME"]
        if self.scripted:
            self._server = ScriptedModelServer()
            await self._server.start()
            self._env.update(self._server.cli_env(self.scripted_config_dir))
            log.warning(
                "no Claude credentials in use: agents talk to the scripted model at %s",
                self._server.url,
            )
        elif "CLAUDE_CONFIG_DIR" not in self._env and cli_logged_in(os.environ):
            # The user's login lives in their own ~/.claude; HOME is private.
            self._env["CLAUDE_CONFIG_DIR"] = str(Path.home() / ".claude")
        self._env["HOME"] = home

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop()
            self._server = None

    @property
    def clean_env(self) -> bool:
        """Whether agents get only their allow-listed environment: the launcher makes it
        so; without it the SDK would pass this process's whole environment on."""
        return self.cli_path is not None

    def agent_env(self) -> dict[str, str]:
        """Each agent's CLI environment: the allow-listed variables, listed for the launcher
        (which drops everything else the SDK passes on)."""
        env = dict(self._env)
        env[KEEP_VARIABLE] = ",".join(sorted(env))
        env["PILOTHOUSE_PARENT_PID"] = str(os.getpid())
        return env
