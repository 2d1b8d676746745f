"""compose.yaml and the Dockerfile as data: what the deployment tests read and check.

There is no Docker engine where these tests run, so nothing here builds or starts a
container. The files are parsed the way Compose and Docker read them (for what they
use: `${VAR:-default}` interpolation, YAML merge keys, line continuations, exec-form
commands) and each service's settings are worked out exactly as the service itself
would read them from its environment (shared.config.settings.settings_from_env).
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from shared.config.settings import Settings, settings_from_env

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "compose.yaml"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"

_VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?::-(?P<default>[^}]*))?\}")


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """`${NAME}` and `${NAME:-default}` replaced as Compose does (unset or empty: default)."""
    if isinstance(value, str):
        return _VARIABLE.sub(
            lambda match: env.get(match["name"]) or (match["default"] or ""), value
        )
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    return value


def compose(env: dict[str, str] | None = None) -> dict[str, Any]:
    """compose.yaml with the variables of `env` (none: every default) filled in."""
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    resolved: dict[str, Any] = interpolate(loaded, env or {})
    return resolved


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def dockerfile_stages() -> list[list[Instruction]]:
    """The Dockerfile's instructions, one list per build stage (each starts with FROM)."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    stages: list[list[Instruction]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        keyword, _, arguments = stripped.partition(" ")
        instruction = Instruction(keyword.upper(), " ".join(arguments.split()))
        if instruction.keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append(instruction)
    return stages


def exec_form(arguments: str) -> list[str]:
    """CMD/ENTRYPOINT/VOLUME in exec (JSON array) form."""
    parsed = json.loads(arguments)
    assert isinstance(parsed, list), arguments
    return [str(part) for part in parsed]


def image_env() -> dict[str, str]:
    """ENV of the final stage: what every container of the image starts with."""
    found: dict[str, str] = {}
    for instruction in dockerfile_stages()[-1]:
        if instruction.keyword == "ENV":
            for pair in shlex.split(instruction.arguments):
                name, _, value = pair.partition("=")
                found[name] = value
    return found


def service_env(service: dict[str, Any]) -> dict[str, str]:
    """A container's environment: the image's ENV, then the service's `environment`."""
    declared = {name: str(value) for name, value in (service.get("environment") or {}).items()}
    return {**image_env(), **declared}


def service_settings(service: dict[str, Any]) -> Settings:
    """The settings the service reads at start-up in its container."""
    return settings_from_env(service_env(service))


def _short_form(service: dict[str, Any], key: str) -> list[list[str]]:
    """Entries of `ports` or `volumes` in the short `a:b[:c]` form this file uses, split."""
    return [str(entry).split(":") for entry in service.get(key) or []]


@dataclass(frozen=True)
class Published:
    host_ip: str
    host_port: int
    container_port: int


def published(service: dict[str, Any]) -> list[Published]:
    """The service's `ports` (`ip:host:container`)."""
    return [Published(ip, int(host), int(port)) for ip, host, port in _short_form(service, "ports")]


@dataclass(frozen=True)
class Mount:
    """One `source:target[:mode]` entry of a service's `volumes`."""

    source: str
    target: str
    mode: str = "rw"

    @property
    def read_only(self) -> bool:
        return self.mode == "ro"


def mounts(service: dict[str, Any]) -> list[Mount]:
    return [Mount(*parts) for parts in _short_form(service, "volumes")]
