"""Settings come from the environment with working defaults, and bad values say so."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shared.config.settings import settings_from_env
from shared.contract.enums import AgentKind


def test_defaults_need_no_environment(tmp_path: Path) -> None:
    settings = settings_from_env({})
    assert settings.read_port == 8000
    assert settings.orchestrator_port == 8001
    assert settings.read_host == "127.0.0.1"
    assert settings.database_url is None
    assert settings.data_dir.is_absolute()
    assert settings.data_dir.name == ".pilothouse"
    assert settings.allowed_roots == (Path.home().resolve(),)
    assert settings.artifacts_root == settings.data_dir / "sessions"
    assert settings.orchestrator_base_url == "http://127.0.0.1:8001"


def test_environment_overrides(tmp_path: Path) -> None:
    roots = os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")])
    settings = settings_from_env(
        {
            "DATABASE_URL": "postgresql://u@h/db",
            "PILOTHOUSE_DATA_DIR": str(tmp_path),
            "PILOTHOUSE_READ_PORT": "9000",
            "PILOTHOUSE_ROOTS": roots,
            "PILOTHOUSE_MAX_RUNNING_AGENTS": "5",
            "PILOTHOUSE_UI_ORIGINS": "http://a:1,http://b:2",
        }
    )
    assert settings.database_url == "postgresql://u@h/db"
    assert settings.data_dir == tmp_path.resolve()
    assert settings.read_port == 9000
    assert settings.allowed_roots == ((tmp_path / "a").resolve(), (tmp_path / "b").resolve())
    assert settings.max_running_agents == 5
    assert settings.ui_origins == ("http://a:1", "http://b:2")
    assert settings.token_file == tmp_path.resolve() / "token"


def test_bad_value_names_the_setting() -> None:
    with pytest.raises(SystemExit, match="read_port"):
        settings_from_env({"PILOTHOUSE_READ_PORT": "eighty"})


def test_per_phase_limits_from_the_environment() -> None:
    settings = settings_from_env(
        {
            "PILOTHOUSE_PHASE_MAX_TURNS": "build=80, docs=20",
            "PILOTHOUSE_PHASE_MAX_BUDGET_USD": "spec=0.5",
        }
    )
    assert settings.phase_max_turns == {AgentKind.BUILD: 80, AgentKind.DOCS: 20}
    assert settings.phase_max_budget_usd == {AgentKind.SPEC: 0.5}


def test_unknown_phase_in_limits_names_the_setting() -> None:
    with pytest.raises(SystemExit, match="phase_max_turns"):
        settings_from_env({"PILOTHOUSE_PHASE_MAX_TURNS": "deploy=3"})


def test_permission_timeout_is_positive_seconds() -> None:
    assert settings_from_env({}).permission_timeout_s == 900
    assert settings_from_env({"PILOTHOUSE_PERMISSION_TIMEOUT_S": "30"}).permission_timeout_s == 30
    for bad in ("0", "-5", "soon"):
        with pytest.raises(SystemExit, match="permission_timeout_s"):
            settings_from_env({"PILOTHOUSE_PERMISSION_TIMEOUT_S": bad})
