"""What `make compose-check` checks in the running stack, one defect of issue 17 each."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from tests.support import docker_engine as engine
from tests.support.docker_engine import CheckFailed, Compose

SERVICE_UID = "10001"
AGENT_NAME = "Pilothouse agent"
"""The git identity the Dockerfile gives the image (`git config --system`)."""


def volumes_are_named(compose: Compose, before: set[str]) -> None:
    """`up` made the two named volumes and nothing else (no anonymous `VOLUME` leftovers)."""
    made = engine.volume_names() - before
    expected = {f"{compose.project}_pgdata", f"{compose.project}_pilothouse-data"}
    if made != expected:
        raise CheckFailed(f"`up` made the volumes {sorted(made)}, expected {sorted(expected)}")


def code_is_read_only(compose: Compose) -> None:
    """The service user can write nothing under /app: an agent cannot change the service."""
    found = compose.must(
        "exec", "-T", "orchestrator", "sh", "-c", "id -u; find /app -writable -print -quit"
    ).split()
    if found[:1] != [SERVICE_UID]:
        raise CheckFailed(f"the orchestrator runs as uid {found[:1]}, not {SERVICE_UID}")
    if found[1:]:
        raise CheckFailed(f"the service user can write {found[1]}")


def ui_is_served(read_url: str) -> None:
    with urllib.request.urlopen(f"{read_url}/", timeout=10) as response:
        page = response.read().decode()
    if '<div id="root"' not in page and "<html" not in page.lower():
        raise CheckFailed(f"GET / on the read service is not the web UI: {page[:200]!r}")
    with urllib.request.urlopen(f"{read_url}/api/health", timeout=10) as response:
        health = json.load(response)
    if health.get("status") != "ok":
        raise CheckFailed(f"read service health: {health}")


def _as_root(image: str, projects: Path, script: str) -> None:
    """A shell script run as root in a throw-away container with the projects mounted.

    Root inside a container, so that this works when the check itself is not root: the
    repositories belong to the service user, as docs/deploy.md asks of projects.
    """
    done = engine.run(
        [
            *("docker", "run", "--rm", "--user", "0"),
            *("-v", f"{projects}:/projects", image, "sh", "-c", script),
        ]
    )
    if done.returncode != 0:
        raise CheckFailed(f"{script!r} in {image}: exit {done.returncode}\n{done.stderr}")


def make_project(compose: Compose, projects: Path, name: str) -> None:
    """A git repository with one commit, owned by the service user."""
    image = compose.variables["PILOTHOUSE_IMAGE"]
    path = f"/projects/{name}"
    _as_root(
        image,
        projects,
        f"git init -q {path} && git -C {path} commit -q --allow-empty -m init"
        f" && chown -R {SERVICE_UID}:{SERVICE_UID} {path}",
    )


def remove_as_root(image: str, projects: Path) -> None:
    """Empty the projects directory (its files belong to the service user)."""
    if any(projects.iterdir()):
        _as_root(image, projects, "find /projects -mindepth 1 -delete")


def session_changed_the_project(compose: Compose) -> None:
    """The scripted build and docs phases wrote their files into the project."""
    shown = compose.must(
        "exec", "-T", "orchestrator", "cat", "/projects/demo/hello_pilothouse.py",
        "/projects/demo/PILOTHOUSE_NOTES.md",
    )  # fmt: skip
    if "def greet(name" not in shown or "# Notes" not in shown:
        raise CheckFailed(f"the session did not finish the project's files:\n{shown}")


def agent_can_commit(compose: Compose) -> None:
    """As the service user, as an agent would: commit the session's work."""
    author = compose.must(
        "exec", "-T", "orchestrator", "sh", "-c",
        "cd /projects/demo && git add -A && git commit -q -m 'compose check'"
        " && git log -1 --format=%an",
    ).strip()  # fmt: skip
    if author != AGENT_NAME:
        raise CheckFailed(f"the commit's author is {author!r}, expected {AGENT_NAME!r}")


def health_probes_are_not_logged(compose: Compose) -> None:
    """Health checks ran and passed, and not one of them is in the access log, which works."""
    for service in ("read", "orchestrator"):
        state = engine.inspect(compose.container(service))["State"]
        # The last few probes; one may have failed while the orchestrator restarted.
        probes = state["Health"]["Log"]
        if not probes or probes[-1]["ExitCode"] != 0:
            raise CheckFailed(f"{service}: health probes {probes}")
        logs = compose.logs(service)
        if "/api/health" in logs:
            raise CheckFailed(f"{service}: health probes in the access log")
        if '"GET /api/' not in logs and '"POST /api/' not in logs:
            raise CheckFailed(f"{service}: no access log at all; the filter drops too much")
