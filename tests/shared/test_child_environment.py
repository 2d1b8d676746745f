"""The allow-listed environment of agents, setup commands and gates: what is passed,
and that Pilothouse's secrets never are, even when the user names them."""

from __future__ import annotations

from pathlib import Path

from shared.config.child_environment import child_environment
from shared.config.settings import Settings

ORCHESTRATOR_ENV = {
    "PATH": "/opt/tools/bin:/usr/bin",
    "LANG": "de_DE.UTF-8",
    "LC_TIME": "C",
    "TERM": "xterm-256color",
    "HOME": "/home/user",
    "SSH_AUTH_SOCK": "/run/user/1000/ssh-agent",
    "AWS_SECRET_ACCESS_KEY": "aws-secret",
    "DATABASE_URL": "postgresql://owner:pw@db/pilothouse",
    "PGPASSWORD": "pw",
    "PILOTHOUSE_TOKEN": "tok",
    "PILOTHOUSE_DATABASE_PASSWORD": "pw",
    "ANTHROPIC_API_KEY": "sk-ant-x",
    "ANTHROPIC_BASE_URL": "http://model",
    "CLAUDE_CODE_USE_BEDROCK": "0",
    "NPM_TOKEN": "npm",
}


def test_a_command_gets_path_locale_terminal_and_a_private_home(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    env = child_environment(settings, model=False, environ=ORCHESTRATOR_ENV)
    assert env == {
        "PATH": "/opt/tools/bin:/usr/bin",
        "LANG": "de_DE.UTF-8",
        "LC_TIME": "C",
        "TERM": "xterm-256color",
        "HOME": str(tmp_path / "agent-home"),
    }
    assert (tmp_path / "agent-home").is_dir()
    assert (tmp_path / "agent-home").stat().st_mode & 0o077 == 0


def test_an_agent_also_gets_the_models_variables(tmp_path: Path) -> None:
    env = child_environment(Settings(data_dir=tmp_path), model=True, environ=ORCHESTRATOR_ENV)
    assert env["ANTHROPIC_API_KEY"] == "sk-ant-x"
    assert env["ANTHROPIC_BASE_URL"] == "http://model"
    assert env["CLAUDE_CODE_USE_BEDROCK"] == "0"
    assert not {"AWS_SECRET_ACCESS_KEY", "SSH_AUTH_SOCK"} & set(env)


def test_named_variables_pass_but_never_pilothouses_secrets(tmp_path: Path) -> None:
    named = ("NPM_TOKEN", "DATABASE_URL", "PILOTHOUSE_TOKEN", "PGPASSWORD")
    settings = Settings(data_dir=tmp_path, agent_env=named)
    for model in (False, True):
        env = child_environment(settings, model=model, environ=ORCHESTRATOR_ENV)
        assert env["NPM_TOKEN"] == "npm"
        assert not {"DATABASE_URL", "PGPASSWORD"} & set(env)
        assert not [name for name in env if name.startswith("PILOTHOUSE_")]


def test_an_empty_environment_still_gets_a_path_and_locale(tmp_path: Path) -> None:
    env = child_environment(Settings(data_dir=tmp_path), model=False, environ={})
    assert [name for name in ("PATH", "LANG", "TERM", "HOME") if not env.get(name)] == []
