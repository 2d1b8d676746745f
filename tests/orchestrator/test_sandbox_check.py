"""Where no fence can be had, the orchestrator refuses to run agents, saying why and how to
fix it — unless the user opted out (PILOTHOUSE_UNFENCED=1)."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from services.orchestrator.agents.model_runtime import ModelRuntime
from services.orchestrator.agents.sandbox_check import sandbox_missing
from shared.config.settings import Settings
from shared.contract.enums import ModelMode


def test_here_the_sandbox_can_run() -> None:
    assert sandbox_missing() is None


def test_without_bubblewrap_it_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    missing = sandbox_missing()
    assert missing is not None
    assert "bwrap is not installed" in missing
    assert "apt-get install bubblewrap socat" in missing


def test_a_bubblewrap_that_cannot_mount_proc_is_no_fence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in a container with seccomp off but /proc masked: namespaces work, the CLI's
    sandbox does not (it mounts /proc), so the trial must find it out."""
    real = shutil.which("bwrap")
    assert real is not None
    shim = tmp_path / "bwrap"
    shim.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do if [ "$a" = --proc ]; then\n'
        '  echo "bwrap: Can\'t mount proc on /newroot/proc: Operation not permitted" >&2\n'
        "  exit 1\n"
        "fi; done\n"
        f'exec {real} "$@"\n'
    )
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    missing = sandbox_missing()
    assert missing is not None
    assert "Can't mount proc" in missing


def test_an_orchestrator_without_a_fence_refuses_to_start_unless_opted_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    runtime = ModelRuntime(Settings(data_dir=tmp_path / "data"), ModelMode.CLAUDE)
    with pytest.raises(SystemExit, match=r"agents cannot be fenced.*PILOTHOUSE_UNFENCED=1"):
        asyncio.run(runtime.start())

    opted_out = Settings(data_dir=tmp_path / "data", unfenced=True)
    runtime = ModelRuntime(opted_out, ModelMode.CLAUDE)
    asyncio.run(runtime.start())
    assert not runtime.fenced
    asyncio.run(runtime.stop())
