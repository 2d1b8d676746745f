"""What `make compose-check` checks in the running stack, one defect of issue 17 each."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

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


def session_detail(read_url: str, session_id: int) -> dict[str, Any]:
    """The session, its project and agents as the read service answers them."""
    with urllib.request.urlopen(f"{read_url}/api/sessions/{session_id}", timeout=10) as answer:
        detail: dict[str, Any] = json.load(answer)
    return detail


def session_is_labelled_unfenced(detail: dict[str, Any]) -> None:
    """compose.yaml runs agents unfenced (PILOTHOUSE_UNFENCED=1: bubblewrap cannot make
    its namespaces under the engine's default seccomp profile), and says so: the
    session and every one of its agents carry the label."""
    session, agents = detail["session"], detail["agents"]
    if session["unfenced"] is not True:
        raise CheckFailed(f"session {session['id']} is not labelled unfenced: {session}")
    fenced = [agent["id"] for agent in agents if agent["unfenced"] is not True]
    if not agents or fenced:
        raise CheckFailed(f"agents not labelled unfenced: {fenced or 'no agents'}")


def session_changed_its_branch_only(compose: Compose, detail: dict[str, Any]) -> None:
    """The scripted build and docs phases' files are on the session's branch, and the
    project's own checkout is as it was (agents work in a worktree under /data)."""
    branch, project = detail["session"]["branch"], detail["project"]["path"]
    shown = compose.must(
        "exec", "-T", "orchestrator", "sh", "-c",
        f"git -C {project} show {branch}:hello_pilothouse.py {branch}:PILOTHOUSE_NOTES.md",
    )  # fmt: skip
    if "def greet(name" not in shown or "# Notes" not in shown:
        raise CheckFailed(f"the session's branch {branch} lacks its files:\n{shown}")
    checkout = compose.must(
        "exec", "-T", "orchestrator", "git", "-C", project, "status", "--porcelain",
        "--untracked-files=all",
    )  # fmt: skip
    if checkout.strip():
        raise CheckFailed(f"the session changed the checkout {project}:\n{checkout}")


def agent_can_commit(compose: Compose, detail: dict[str, Any]) -> None:
    """As the service user in the session's worktree, as an agent's own `git commit` would."""
    worktree = detail["session"]["worktree"]
    author = compose.must(
        "exec", "-T", "orchestrator", "sh", "-c",
        f"cd {worktree} && git commit -q --allow-empty -m 'compose check'"
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
