"""Who answers the agents: Claude itself, or the local scripted model server.

`auto` picks Claude when credentials exist (ANTHROPIC_API_KEY, an OAuth token, or the
user's logged-in CLI), the scripted model otherwise. In scripted mode the orchestrator
runs a ScriptedModelServer in-process and every CLI gets its environment; the mode is
stored on each session and in each init log entry, so every view can label the run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from services.orchestrator.agents.cli_launcher import guarded_cli
from services.scripted_model.server import ScriptedModelServer
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
        self._env = {"PILOTHOUSE_PARENT_PID": str(os.getpid())}
        if self.scripted:
            self._server = ScriptedModelServer()
            await self._server.start()
            self._env.update(self._server.cli_env(self.scripted_config_dir))
            log.warning(
                "no Claude credentials in use: agents talk to the scripted model at %s",
                self._server.url,
            )

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop()
            self._server = None

    def agent_env(self) -> dict[str, str]:
        """Variables set for each agent's CLI on top of this process's environment."""
        return dict(self._env)
