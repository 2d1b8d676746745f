"""Where no fence can be had, the orchestrator refuses to run agents, saying why and how to
fix it — unless the user opted out (PILOTHOUSE_UNFENCED=1)."""

from __future__ import annotations

import asyncio
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
