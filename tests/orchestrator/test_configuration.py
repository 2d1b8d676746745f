"""Configuration the orchestrator acts on: its token, and who answers the agents."""

from __future__ import annotations

import stat
from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from services.orchestrator.agents.model_runtime import resolve_mode
from services.orchestrator.app import create_app
from shared.config.settings import Settings
from shared.contract.enums import ModelMode
from tests.support.orchestrator import Client


async def test_a_token_is_generated_once_and_guards_commands(
    settings_no_agents: Settings, project_dir: Path
) -> None:
    settings = msgspec.structs.replace(settings_no_agents, token=None)
    assert not settings.token_file.exists()
    async with AsyncTestClient(create_app(settings)) as client:
        token = settings.token_file.read_text().strip()
        assert len(token) >= 32
        assert stat.S_IMODE(settings.token_file.stat().st_mode) == 0o600
        refused = await client.post("/api/projects", json={"path": str(project_dir)})
        assert refused.status_code == 401
        headers = {"Authorization": f"Bearer {token}"}
        accepted = await client.post(
            "/api/projects", json={"path": str(project_dir)}, headers=headers
        )
        assert accepted.status_code == 201
    # The next start keeps it.
    async with AsyncTestClient(create_app(settings)):
        assert settings.token_file.read_text().strip() == token


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ModelMode.SCRIPTED),
        ({"ANTHROPIC_API_KEY": "sk-ant-x"}, ModelMode.CLAUDE),
        ({"CLAUDE_CODE_OAUTH_TOKEN": "t"}, ModelMode.CLAUDE),
        ({"ANTHROPIC_API_KEY": ""}, ModelMode.SCRIPTED),
    ],
)
def test_auto_mode_follows_the_credentials(
    tmp_path: Path, environ: dict[str, str], expected: ModelMode
) -> None:
    env = {"HOME": str(tmp_path), **environ}
    assert resolve_mode(Settings(), env) is expected


def test_auto_mode_sees_a_logged_in_cli(tmp_path: Path) -> None:
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / ".credentials.json").write_text("{}")
    assert resolve_mode(Settings(), {"HOME": str(tmp_path)}) is ModelMode.CLAUDE
    config = tmp_path / "elsewhere"
    config.mkdir()
    (config / ".credentials.json").write_text("{}")
    home = tmp_path / "empty-home"
    assert (
        resolve_mode(Settings(), {"HOME": str(home), "CLAUDE_CONFIG_DIR": str(config)})
        is ModelMode.CLAUDE
    )


def test_an_explicit_mode_wins_and_a_bad_one_is_named() -> None:
    forced = Settings(model_mode="scripted")
    assert resolve_mode(forced, {"ANTHROPIC_API_KEY": "sk-ant-x"}) is ModelMode.SCRIPTED
    assert resolve_mode(Settings(model_mode="claude"), {}) is ModelMode.CLAUDE
    with pytest.raises(SystemExit, match="PILOTHOUSE_MODEL_MODE"):
        resolve_mode(Settings(model_mode="gpt"), {})


async def test_the_orchestrator_keeps_its_data_directory_owner_only(
    client: Client, settings_no_agents: Settings
) -> None:
    """The token, the embedded database's socket and every session's files live there."""
    assert (await client.get("/api/health")).status_code == 200
    assert settings_no_agents.data_dir.stat().st_mode & 0o777 == 0o700
