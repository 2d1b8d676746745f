"""The Docker engine and Compose, driven through their command-line clients.

What `make compose-check` (tests/deploy/compose_check.py) needs: whether an engine
answers, which Compose there is (`docker compose` v2 or the Python `docker-compose` v1
of Debian's package), images that exist or can be pulled, and a Compose project's
containers, volumes and networks found by the label Compose puts on each of them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_LABEL = "com.docker.compose.project"


class NotRunnable(Exception):
    """Something the check needs is missing here; the message says what."""


class CheckFailed(Exception):
    """The deployment did not do what it must."""


def run(
    args: list[str], *, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its output; never raises for its exit status."""
    return subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def engine_version() -> str:
    """The engine's version, or NotRunnable saying why there is none to use."""
    if shutil.which("docker") is None:
        raise NotRunnable("no `docker` client on PATH (Debian: apt-get install docker.io)")
    answer = run(["docker", "version", "--format", "{{.Server.Version}}"], timeout=30)
    if answer.returncode != 0 or not answer.stdout.strip():
        reason = (answer.stderr.strip().splitlines() or ["no answer"])[-1]
        raise NotRunnable(f"no Docker engine answers ({reason}); start one (docs/deploy.md)")
    return answer.stdout.strip()


def compose_command() -> list[str]:
    """`docker compose` (v2) where the plugin exists, else `docker-compose` (v1)."""
    if run(["docker", "compose", "version"], timeout=30).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose") and run(["docker-compose", "version"]).returncode == 0:
        return ["docker-compose"]
    raise NotRunnable("no Compose: neither `docker compose` nor `docker-compose` runs")


def image_available(name: str, *, pull_timeout: float = 60) -> bool:
    """True when the image exists here or could be pulled now (pull_timeout 0: no pull)."""
    if run(["docker", "image", "inspect", name], timeout=30).returncode == 0:
        return True
    if pull_timeout <= 0:
        return False
    try:
        return run(["docker", "pull", name], timeout=pull_timeout).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def image_id(name: str) -> str | None:
    """The id of a local image, None when there is none by that name."""
    found = run(["docker", "image", "inspect", "-f", "{{.Id}}", name], timeout=30)
    return found.stdout.strip() or None if found.returncode == 0 else None


def remove_if_superseded(old_id: str | None, name: str) -> None:
    """Remove the image `name` was before a build, if the build moved the name away from it
    (a rebuild after a change leaves the old one untagged: 900 MB a run otherwise)."""
    if old_id is not None and old_id != image_id(name):
        run(["docker", "image", "rm", old_id])


def image_size(name: str) -> int:
    """Size of a local image in bytes."""
    return int(run(["docker", "image", "inspect", "-f", "{{.Size}}", name]).stdout.strip())


def inspect(container: str) -> dict[str, Any]:
    """`docker inspect` of one container."""
    found: list[dict[str, Any]] = json.loads(run(["docker", "inspect", container]).stdout)
    return found[0]


def volume_names() -> set[str]:
    """Every volume of the engine."""
    return set(run(["docker", "volume", "ls", "-q"]).stdout.split())


def leftovers(project: str) -> dict[str, list[str]]:
    """Containers, volumes and networks still labelled with the Compose project."""
    label = f"label={PROJECT_LABEL}={project}"
    listings = {
        "containers": ["docker", "ps", "-a", "-q", "--filter", label],
        "volumes": ["docker", "volume", "ls", "-q", "--filter", label],
        "networks": ["docker", "network", "ls", "-q", "--filter", label],
    }
    found = {kind: run(command).stdout.split() for kind, command in listings.items()}
    return {kind: names for kind, names in found.items() if names}


@dataclass
class Compose:
    """One Compose project of compose.yaml, with its own variables."""

    command: list[str]
    project: str
    directory: Path
    variables: dict[str, str]
    env_file: Path
    base_env: dict[str, str] = field(default_factory=dict)

    def __call__(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        # An empty --env-file: a user's own .env beside compose.yaml must not leak in.
        return run(
            [
                *self.command,
                "--project-directory",
                str(self.directory),
                "-f",
                str(self.directory / "compose.yaml"),
                "-p",
                self.project,
                "--env-file",
                str(self.env_file),
                *args,
            ],
            timeout=timeout,
            env={**self.base_env, **self.variables},
        )

    def must(self, *args: str, timeout: float = 120) -> str:
        """Run a Compose command that has to succeed; its output."""
        done = self(*args, timeout=timeout)
        if done.returncode != 0:
            raise CheckFailed(f"compose {' '.join(args)}: exit {done.returncode}\n{done.stderr}")
        return done.stdout

    def container(self, service: str) -> str:
        """The id of the service's (only) container."""
        ids = self.must("ps", "-a", "-q", service).split()
        if len(ids) != 1:
            raise CheckFailed(f"{service}: expected one container, found {ids}")
        return ids[0]

    def wait_for(self, service: str, state: str, timeout: float) -> float:
        """Seconds until the service is `healthy`, or `exited 0`; CheckFailed otherwise."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            status = inspect(self.container(service))["State"]
            health = (status.get("Health") or {}).get("Status")
            if state == "healthy" and health == "healthy":
                return time.monotonic() - started
            if state == "exited 0" and status["Status"] == "exited":
                if status["ExitCode"] == 0:
                    return time.monotonic() - started
                raise CheckFailed(f"{service} exited {status['ExitCode']}:\n{self.logs(service)}")
            if state == "healthy" and status["Status"] in ("exited", "dead"):
                raise CheckFailed(f"{service} stopped:\n{self.logs(service)}")
            time.sleep(0.5)
        raise CheckFailed(f"{service} not {state} after {timeout:.0f} s:\n{self.logs(service)}")

    def logs(self, *services: str) -> str:
        return self("logs", "--no-color", *services).stdout
