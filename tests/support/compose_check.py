"""`make compose-check`: build the image and run compose.yaml end to end on a real engine.

Build the image; `up` (migrate completes, both services healthy); check the image (code
read-only to the service user, a git identity, no anonymous volumes, quiet health
probes); run a scripted session with the terminal client on the published ports,
restart the orchestrator during its build phase, resume it to completion (labelled
unfenced, its work on its branch, the checkout untouched); `down -v`
and find nothing of the project left, and `git status` as it was. The owner's and the
reader's passwords hold `/ + = @ #`, or are the POSTGRES_PASSWORD and
PILOTHOUSE_READ_PASSWORD of the environment where set.

Exit 0: passed. Exit 1: the deployment failed a check (the message and the services'
logs say which). Exit 2: NOT RUN — no engine, no Compose, or a base image that is
neither here nor pullable (the line says which; docs/deploy.md says how to get them);
with COMPOSE_CHECK_ALLOW_SKIP=1 that is a SKIP line and exit 0 instead. Not part of
`make test`: it needs an engine and takes minutes.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from services.cli.outcome import EXIT_COMPLETED, EXIT_INTERRUPTED
from tests.support import compose_probes as probes
from tests.support import docker_engine as engine
from tests.support.compose_cli_session import Client
from tests.support.compose_files import REPO
from tests.support.docker_engine import CheckFailed, Compose, NotRunnable
from tests.support.ports import free_port

IMAGE = "pilothouse:compose-check"
DEBIAN_IMAGE = "debian:bookworm-slim"
POSTGRES_IMAGE = "postgres:16-alpine"
POSTGRES_STANDIN = "pilothouse-standin/postgres:15-bookworm"
"""Made by tests/deploy/base_images.sh where postgres:16-alpine cannot be pulled."""


def password(variable: str) -> str:
    """The one the environment sets, else random as `openssl rand -base64` makes them
    and sure to hold `/ + = @ #`."""
    return os.environ.get(variable) or base64.b64encode(secrets.token_bytes(12)).decode() + "/+=@#"


def say(line: str) -> None:
    print(f"compose-check: {line}", flush=True)


def postgres_image() -> str:
    chosen = os.environ.get("PILOTHOUSE_POSTGRES_IMAGE")
    for candidate in [chosen] if chosen else [POSTGRES_IMAGE, POSTGRES_STANDIN]:
        if engine.image_available(candidate):
            if candidate == POSTGRES_STANDIN:
                say(f"{POSTGRES_IMAGE} is not available; using the stand-in {candidate}")
            return candidate
    raise NotRunnable(
        f"no database image: {chosen or POSTGRES_IMAGE} is neither here nor pullable"
        + ("" if chosen else f", nor is {POSTGRES_STANDIN} (tests/deploy/base_images.sh)")
    )


def git_state() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def prepare() -> tuple[list[str], str]:
    """The Compose command and the database image, or NotRunnable."""
    say(f"Docker engine {engine.engine_version()}")
    command = engine.compose_command()
    say(f"Compose: {' '.join(command)}")
    if not engine.image_available(DEBIAN_IMAGE):
        raise NotRunnable(
            f"base image {DEBIAN_IMAGE} is neither here nor pullable "
            "(offline: tests/deploy/base_images.sh makes it, see docs/deploy.md)"
        )
    return command, postgres_image()


def check(compose: Compose, client: Client, projects: Path, timings: dict[str, float]) -> None:
    """Everything after the build, on a project that `up` has not started yet."""
    volumes_before = engine.volume_names()
    started = time.monotonic()
    compose.must("up", "-d", "--no-build", timeout=300)
    compose.wait_for("migrate", "exited 0", timeout=120)
    for service in ("read", "orchestrator"):
        compose.wait_for(service, "healthy", timeout=120)
    timings["up until both healthy"] = time.monotonic() - started
    say(f"migrated, both services healthy in {timings['up until both healthy']:.1f} s")
    probes.volumes_are_named(compose, volumes_before)
    probes.code_is_read_only(compose)
    probes.ui_is_served(client.read_url)

    probes.make_project(compose, projects, "demo")
    client.must("add", "/projects/demo")

    def restart_orchestrator() -> None:
        say("build phase running: restarting the orchestrator")
        restarted = time.monotonic()
        compose.must("restart", "orchestrator", timeout=120)
        compose.wait_for("orchestrator", "healthy", timeout=120)
        timings["orchestrator restart until healthy"] = time.monotonic() - restarted

    started = time.monotonic()
    session, code = client.run_slow_session("demo", restart_orchestrator)
    timings["session until interrupted"] = time.monotonic() - started
    if code != EXIT_INTERRUPTED:
        raise CheckFailed(f"session {session}: client exit {code}, expected interrupted")
    say(f"session {session} interrupted by the restart; resuming")
    started = time.monotonic()
    client.must("resume", str(session), timeout=300)  # exit 0: completed
    timings["resume until completed"] = time.monotonic() - started
    say(f"session {session} completed (client exit {EXIT_COMPLETED})")
    detail = probes.session_detail(client.read_url, session)
    probes.session_is_labelled_unfenced(detail)
    say(f"session {session} and its {len(detail['agents'])} agents labelled unfenced")
    probes.session_changed_its_branch_only(compose, detail)
    probes.agent_can_commit(compose, detail)
    probes.health_probes_are_not_logged(compose)


def main() -> int:
    git_before = git_state()
    try:
        command, postgres = prepare()
    except NotRunnable as missing:
        if os.environ.get("COMPOSE_CHECK_ALLOW_SKIP") == "1":
            say(f"SKIP: {missing}; nothing was built or started")
            return 0
        say(f"NOT RUN: {missing}; nothing was built or started")
        return 2
    project = f"pilothouse-check-{secrets.token_hex(3)}"
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(
        prefix="pilothouse-check-", ignore_cleanup_errors=True
    ) as scratch:
        env_file = Path(scratch) / "empty.env"
        env_file.touch()
        projects = Path(scratch) / "projects"
        projects.mkdir()
        read_port, orchestrator_port = free_port(), free_port()
        token = secrets.token_urlsafe(24)
        variables = {
            "PILOTHOUSE_IMAGE": IMAGE,
            "PILOTHOUSE_POSTGRES_IMAGE": postgres,
            "POSTGRES_PASSWORD": password("POSTGRES_PASSWORD"),
            "PILOTHOUSE_READ_PASSWORD": password("PILOTHOUSE_READ_PASSWORD"),
            "PILOTHOUSE_TOKEN": token,
            "PILOTHOUSE_MODEL_MODE": "scripted",
            "ANTHROPIC_API_KEY": "",
            "PILOTHOUSE_PROJECTS_DIR": str(projects),
            "PILOTHOUSE_PUBLISH_READ_PORT": str(read_port),
            "PILOTHOUSE_PUBLISH_ORCHESTRATOR_PORT": str(orchestrator_port),
        }
        # Only what finds the engine: none of the user's Pilothouse or Compose settings.
        base_env = {
            k: v
            for k, v in os.environ.items()
            if k in ("PATH", "HOME", "XDG_RUNTIME_DIR") or k.startswith("DOCKER_")
        }
        compose = Compose(command, project, REPO, variables, env_file, base_env)
        client = Client(
            f"http://127.0.0.1:{read_port}", f"http://127.0.0.1:{orchestrator_port}", token
        )
        held = {
            name: "".join(c for c in "/+=@#" if c in variables[name])
            for name in ("POSTGRES_PASSWORD", "PILOTHOUSE_READ_PASSWORD")
        }
        say(f"project {project}; the passwords hold {held}; building {IMAGE}")
        try:
            started = time.monotonic()
            superseded = engine.image_id(IMAGE)
            compose.must("build", "orchestrator", timeout=1800)
            timings["build"] = time.monotonic() - started
            engine.remove_if_superseded(superseded, IMAGE)
            size = engine.image_size(IMAGE) / 1e6
            say(f"built in {timings['build']:.1f} s (with the layers cached before), {size:.0f} MB")
            check(compose, client, projects, timings)
        except (CheckFailed, subprocess.TimeoutExpired) as failure:
            say(f"FAILED: {failure}")
            print(compose.logs()[-20000:], file=sys.stderr)
            return 1
        finally:
            started = time.monotonic()
            compose("down", "-v", "--remove-orphans", timeout=300)
            timings["down -v"] = time.monotonic() - started
            probes.remove_as_root(IMAGE, projects)
        left = engine.leftovers(project)
        if left:
            say(f"FAILED: `down -v` left {left}")
            return 1
    if git_state() != git_before:
        say("FAILED: `git status` of the checkout changed")
        return 1
    for name, seconds in timings.items():
        say(f"  {name:<36} {seconds:6.1f} s")
    say("PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
