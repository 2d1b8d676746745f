"""Settings for both services, read once from the environment.

Every field has a documented default that works for `make dev` on one machine.
`get_settings()` caches the result; nothing here runs at import time.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import msgspec

from shared.contract.enums import AgentKind

ENV_PREFIX = "PILOTHOUSE_"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Configuration shared by the read service, the orchestrator and the tools."""

    data_dir: Path = Path(".pilothouse")
    """Local state: embedded database, token, session artifacts (PILOTHOUSE_DATA_DIR)."""

    database_url: str | None = None
    """Writer/owner connection (DATABASE_URL). Unset: embedded PostgreSQL in data_dir."""

    database_password: str | None = None
    """Password for database_url's user, given apart so that it needs no URL escaping
    (PILOTHOUSE_DATABASE_PASSWORD): a password with `/ + = @ #`, as `openssl rand -base64`
    makes them, cannot be pasted into a URL. Wins over a password in the URL."""

    read_database_url: str | None = None
    """Read-only connection for the read service. Unset: database_url with read_role."""

    read_role: str = "pilothouse_reader"
    """PostgreSQL role the read service logs in as; migrations grant it SELECT only."""

    read_password: str | None = None
    """Password for read_role, if the server asks for one (compose does; trust auth does not)."""

    read_host: str = "127.0.0.1"
    read_port: int = 8000
    orchestrator_host: str = "127.0.0.1"
    orchestrator_port: int = 8001

    orchestrator_url: str | None = None
    """Where browsers and the CLI send commands. Unset: http://orchestrator_host:orchestrator_port."""

    read_url: str | None = None
    """Where the CLI reads. Unset: http://read_host:read_port."""

    token: str | None = None
    """Bearer token for commands (PILOTHOUSE_TOKEN). Unset: generated once into data_dir/token."""

    roots: tuple[Path, ...] = ()
    """Directories projects may live under (os.pathsep-separated). Empty: the user's home."""

    artifacts_dir: Path | None = None
    """Where session artifact directories go. Unset: data_dir/sessions."""

    worktrees_dir: Path | None = None
    """Where each session's git worktree goes (never inside a project). Unset:
    data_dir/worktrees."""

    worktree_retention_days: float = 7.0
    """Prune (and the retention job) remove worktrees of sessions stopped this long ago."""

    setup_timeout: float = 900.0
    """Seconds a project's setup command may run before it is stopped and the session fails."""

    agent_env: tuple[str, ...] = ()
    """Names of variables of this environment that agents, setup commands and gates get
    (comma-separated), besides PATH, locale and terminal. DATABASE_URL and PILOTHOUSE_*
    are never passed (shared/config/child_environment.py)."""

    agent_domains: tuple[str, ...] = ()
    """Domains agents' commands may reach through the fence's proxy (comma-separated,
    `*.example.com` allowed). Empty: none; the model API is reached by the CLI itself."""

    unfenced: bool = False
    """Run agents without the fence where it cannot be had (PILOTHOUSE_UNFENCED=1); every
    session is then labelled unfenced. Without it such an orchestrator refuses to start."""

    notify_command: str | None = None
    """Shell command run when a session fails, awaits review or needs an answer, with NOTIFY_KIND,
    NOTIFY_SESSION, NOTIFY_URL, … in its environment (services/orchestrator/running/notify.py)."""

    permission_timeout_s: Annotated[float, msgspec.Meta(gt=0)] = 900.0
    """Seconds a supervised agent's permission request waits for the user's answer before
    it is denied as expired (PILOTHOUSE_PERMISSION_TIMEOUT_S)."""

    max_running_agents: int = 2
    """Upper bound on agents running at once in one orchestrator process."""

    model: str | None = None
    """Claude model for agents. Unset: the CLI's default."""

    model_mode: str = "auto"
    """'claude' (real API/CLI login), 'scripted' (local scripted model), or 'auto'."""

    max_turns: int = 40
    """Per-phase turn limit handed to the SDK."""

    max_budget_usd: float | None = None
    """Per-phase spending limit handed to the SDK, if set."""

    session_budget_usd: float = 10.0
    """Default spending limit of a session in Claude mode, US dollars (0: none); a
    session's own (StartSession max_budget_usd) wins. Scripted sessions have none."""

    phase_max_turns: dict[AgentKind, int] = msgspec.field(default_factory=dict)
    """Turn limits of single phases, over max_turns (`build=80,docs=20`)."""

    phase_max_budget_usd: dict[AgentKind, float] = msgspec.field(default_factory=dict)
    """Spending limits of single phases, over max_budget_usd (same `phase=value,...` form)."""

    max_prompt_bytes: int = 64 * 1024
    """Largest prompt a command may carry; larger ones get 413."""

    ui_origins: tuple[str, ...] = ()
    """Extra browser origins allowed to send commands (CORS), besides the read service's."""

    log_level: str = "info"

    @property
    def token_file(self) -> Path:
        """Where the generated bearer token is kept."""
        return self.data_dir / "token"

    @property
    def artifacts_root(self) -> Path:
        """Directory under which each session gets its artifact directory."""
        return self.artifacts_dir or self.data_dir / "sessions"

    @property
    def worktrees_root(self) -> Path:
        """Directory under which each session's worktree is made."""
        return (self.worktrees_dir or self.data_dir / "worktrees").expanduser().resolve()

    @property
    def allowed_roots(self) -> tuple[Path, ...]:
        """Resolved directories that project paths and browsing are confined to."""
        roots = self.roots or (Path.home(),)
        return tuple(root.expanduser().resolve() for root in roots)

    @property
    def orchestrator_base_url(self) -> str:
        return self.orchestrator_url or f"http://{self.orchestrator_host}:{self.orchestrator_port}"

    @property
    def read_base_url(self) -> str:
        return self.read_url or f"http://{self.read_host}:{self.read_port}"


_FIELD_ENV = {"database_url": "DATABASE_URL"}
_LIST_FIELDS = {"roots": os.pathsep, "ui_origins": ",", "agent_env": ",", "agent_domains": ","}
_MAPPING_FIELDS = ("phase_max_turns", "phase_max_budget_usd")


def env_name(field: str) -> str:
    """The environment variable a field is read from (`read_port`: PILOTHOUSE_READ_PORT)."""
    return _FIELD_ENV.get(field, ENV_PREFIX + field.upper())


def _mapping(text: str) -> dict[str, str]:
    """`key=value,key=value` as a dict (values converted later, with the other fields)."""
    pairs = [part.partition("=") for part in text.split(",") if part.strip()]
    return {key.strip(): value.strip() for key, _, value in pairs}


def _decode_path(kind: type, value: object) -> object:
    if kind is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError(f"cannot read {kind!r} from the environment")


def settings_from_env(environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from environment variables (PILOTHOUSE_<FIELD>, DATABASE_URL)."""
    env = os.environ if environ is None else environ
    raw: dict[str, object] = {}
    for field in msgspec.structs.fields(Settings):
        value = env.get(env_name(field.name))
        if value is None or value == "":
            continue
        if field.name in _LIST_FIELDS:
            raw[field.name] = [part for part in value.split(_LIST_FIELDS[field.name]) if part]
        elif field.name in _MAPPING_FIELDS:
            raw[field.name] = _mapping(value)
        else:
            raw[field.name] = value
    try:
        settings = msgspec.convert(raw, Settings, strict=False, dec_hook=_decode_path)
    except msgspec.ValidationError as exc:
        raise SystemExit(f"pilothouse: bad setting ({ENV_PREFIX}<FIELD>): {exc}") from None
    return msgspec.structs.replace(settings, data_dir=settings.data_dir.expanduser().resolve())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return settings_from_env()
