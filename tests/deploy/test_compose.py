"""compose.yaml and the Dockerfile agree with the code they deploy.

These tests build no image and start no container (`make compose-check` does, where a
Docker engine runs; docs/deploy.md). They check what would make a built image start and
not work: variable names no setting reads, a health check on the wrong port or path, a
module that does not exist, the read service holding owner credentials, a password
pasted into a URL, ports published beyond 127.0.0.1, a COPY of a file the build context
leaves out — and the Dockerfile defects a real run found (tests/deploy/test_image.py).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msgspec
import pytest
import yaml
from psycopg import conninfo

from services.orchestrator.agents.model_runtime import CREDENTIAL_VARIABLES
from services.orchestrator.app import browser_origins
from services.orchestrator.http.routes import health as orchestrator_health
from services.orchestrator.running.work_queue import STOP_TIMEOUT
from services.read.routes.health import health as read_health
from shared.config.settings import Settings, env_name
from shared.db.database import reader_url, resolve_database
from tests.support.compose_files import (
    REPO,
    compose,
    dockerfile_stages,
    exec_form,
    image_env,
    mounts,
    published,
    service_env,
    service_settings,
)

SETTING_NAMES = {env_name(field.name) for field in msgspec.structs.fields(Settings)}
AGENT_CLI_NAMES = {*CREDENTIAL_VARIABLES, "CLAUDE_CONFIG_DIR"}
"""Not settings: passed on to the agents' Claude Code CLI (agents/model_runtime.py)."""
PILOTHOUSE = ("migrate", "read", "orchestrator")
HEALTH_PATHS = {"read": read_health.paths, "orchestrator": orchestrator_health.paths}
PUBLISH_ELSEWHERE = {
    "PILOTHOUSE_PUBLISH_READ_PORT": "9100",
    "PILOTHOUSE_PUBLISH_ORCHESTRATOR_PORT": "9101",
    # As `openssl rand -base64` makes them: every character a URL would need escaped.
    "POSTGRES_PASSWORD": "Zm9v/YmFy+cXV4=@#",
    "PILOTHOUSE_READ_PASSWORD": "cmVh/ZGVy+=@#x",
    "PILOTHOUSE_PROJECTS_DIR": "/srv/code",
}


def _port(settings: Settings, name: str) -> int:
    return settings.read_port if name == "read" else settings.orchestrator_port


def _host(settings: Settings, name: str) -> str:
    return settings.read_host if name == "read" else settings.orchestrator_host


def test_services_run_one_image_built_here() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", *PILOTHOUSE}
    images = {services[name]["image"] for name in PILOTHOUSE}
    assert len(images) == 1, images
    for name in PILOTHOUSE:
        assert services[name]["build"] == ".", name
    assert (REPO / "Dockerfile").is_file()


@pytest.mark.parametrize("name", PILOTHOUSE)
def test_every_variable_is_a_setting(name: str) -> None:
    service = compose()["services"][name]
    allowed = SETTING_NAMES | (AGENT_CLI_NAMES if name == "orchestrator" else set())
    unknown = set(service_env(service)) - allowed - {"PATH", "PYTHONUNBUFFERED"}
    assert not unknown, f"{name}: no setting reads {sorted(unknown)}"
    service_settings(service)  # parses: a bad value would exit the service at start-up


def test_image_settings_bind_every_interface() -> None:
    env = image_env()
    assert {name for name in env if name.startswith("PILOTHOUSE_")} <= SETTING_NAMES
    settings = service_settings({})
    assert settings.read_host == settings.orchestrator_host == "0.0.0.0"


@pytest.mark.parametrize("env", [{}, PUBLISH_ELSEWHERE], ids=["defaults", "overridden"])
@pytest.mark.parametrize("name", ["read", "orchestrator"])
def test_ports_published_on_loopback_only(name: str, env: dict[str, str]) -> None:
    service = compose(env)["services"][name]
    settings = service_settings(service)
    assert _host(settings, name) == "0.0.0.0"  # inside the container; the host sees:
    [port] = published(service)
    assert port.host_ip == "127.0.0.1"
    assert port.container_port == _port(settings, name)
    assert not published(compose(env)["services"]["postgres"])
    assert not published(compose(env)["services"]["migrate"])


@pytest.mark.parametrize("env", [{}, PUBLISH_ELSEWHERE], ids=["defaults", "overridden"])
def test_services_know_each_others_published_address(env: dict[str, str]) -> None:
    services = compose(env)["services"]
    [read_port] = published(services["read"])
    [orchestrator_port] = published(services["orchestrator"])
    # The UI (served by the read service) sends commands where the browser can reach them,
    read = service_settings(services["read"])
    assert read.orchestrator_base_url == f"http://127.0.0.1:{orchestrator_port.host_port}"
    # and the orchestrator accepts commands from the page at the UI's address (CORS).
    orchestrator = service_settings(services["orchestrator"])
    assert f"http://127.0.0.1:{read_port.host_port}" in browser_origins(orchestrator)
    assert f"http://localhost:{read_port.host_port}" in browser_origins(orchestrator)


def _health_command(service: dict[str, Any]) -> str:
    command = service["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "-c"], command
    code: str = command[3]
    compile(code, "healthcheck", "exec")
    return code


@pytest.mark.parametrize("name", ["read", "orchestrator"])
def test_health_checks_ask_the_real_endpoints(name: str) -> None:
    service = compose()["services"][name]
    settings = service_settings(service)
    found = re.findall(r"https?://[^'\"\s]+", _health_command(service))
    assert len(found) == 1, found
    url = urlsplit(found[0])
    assert url.hostname == "127.0.0.1"
    assert url.port == _port(settings, name)
    assert url.path in HEALTH_PATHS[name]


def _database_url(service: dict[str, Any]) -> str:
    """The owner connection the service resolves, with the password given apart."""
    settings = service_settings(service)
    assert settings.database_url, "no DATABASE_URL: the service would start an embedded one"
    return resolve_database(settings).url


def test_postgres_health_check_asks_the_database_the_services_use() -> None:
    services = compose()["services"]
    postgres = services["postgres"]
    test = postgres["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    assert test[1].startswith("pg_isready"), test
    arguments = test[1].split()
    owner = conninfo.conninfo_to_dict(_database_url(services["migrate"]))
    assert arguments[arguments.index("-U") + 1] == postgres["environment"]["POSTGRES_USER"]
    assert arguments[arguments.index("-d") + 1] == owner["dbname"]
    assert any(m.target == "/var/lib/postgresql/data" for m in mounts(postgres))


def test_start_order() -> None:
    services = compose()["services"]
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["migrate"].get("restart", "no") == "no", "a one-shot job"
    for name in ("read", "orchestrator"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"}
        }, name


def test_orchestrator_may_finish_recording_its_agents_on_stop() -> None:
    grace = compose()["services"]["orchestrator"]["stop_grace_period"]
    assert grace.endswith("s")
    assert float(grace[:-1]) > STOP_TIMEOUT


@pytest.mark.parametrize("env", [{}, PUBLISH_ELSEWHERE], ids=["defaults", "overridden"])
def test_owner_and_reader_credentials(env: dict[str, str]) -> None:
    services = compose(env)["services"]
    postgres = services["postgres"]["environment"]
    for name in ("migrate", "orchestrator"):
        owner = conninfo.conninfo_to_dict(_database_url(services[name]))
        assert owner["host"] == "postgres", name
        assert owner["user"] == postgres["POSTGRES_USER"], name
        assert owner["password"] == postgres["POSTGRES_PASSWORD"], name
        assert owner["dbname"] == postgres["POSTGRES_DB"], name
    read = service_settings(services["read"])
    given = conninfo.conninfo_to_dict(_database_url(services["read"]))
    assert "user" not in given, "owner credentials in the read service"
    assert "password" not in given, "owner credentials in the read service"
    reader = conninfo.conninfo_to_dict(reader_url(_database_url(services["read"]), read))
    assert reader["user"] == read.read_role
    # The password the migration gives the read-only role is the one the service uses.
    assert reader["password"] == service_settings(services["migrate"]).read_password
    assert reader["host"] == "postgres"
    assert reader["dbname"] == postgres["POSTGRES_DB"]
    assert service_settings(services["migrate"]).read_role == read.read_role


@pytest.mark.parametrize("env", [{}, PUBLISH_ELSEWHERE], ids=["defaults", "overridden"])
def test_volumes_hold_data_and_projects(env: dict[str, str]) -> None:
    resolved = compose(env)
    services = resolved["services"]
    data_sources = set()
    for name in ("read", "orchestrator"):
        settings = service_settings(services[name])
        by_target = {m.target: m for m in mounts(services[name])}
        data = by_target[str(settings.data_dir)]
        assert data.source in resolved["volumes"], f"{name}: data dir is not a named volume"
        data_sources.add(data.source)
        assert settings.roots, name
        for root in settings.roots:
            assert by_target[str(root)].source == env.get("PILOTHOUSE_PROJECTS_DIR", "./projects")
        # Only the writer writes: the read service's mounts are read-only.
        assert all(m.read_only for m in by_target.values()) == (name == "read"), name
    assert len(data_sources) == 1, "both services must see the same data directory"
    # The agents' CLI keeps its transcripts (what `resume` needs) on the data volume.
    orchestrator = service_settings(services["orchestrator"])
    config_dir = Path(service_env(services["orchestrator"])["CLAUDE_CONFIG_DIR"])
    assert config_dir.is_relative_to(orchestrator.data_dir)


def _commands() -> list[tuple[str, list[str]]]:
    services = compose()["services"]
    found = [(name, [str(part) for part in services[name]["command"]]) for name in PILOTHOUSE]
    cmd = next(i for i in dockerfile_stages()[-1] if i.keyword == "CMD")
    return [*found, ("Dockerfile CMD", exec_form(cmd.arguments))]


@pytest.mark.parametrize(("where", "command"), _commands(), ids=str)
def test_commands_run_modules_that_exist(where: str, command: list[str]) -> None:
    assert command[:2] == ["python", "-m"], f"{where}: {command}"
    module = command[2]
    spec = importlib.util.find_spec(module)
    assert spec is not None, f"{where}: no module {module}"
    if spec.submodule_search_locations is not None:  # a package runs its __main__
        assert importlib.util.find_spec(f"{module}.__main__") is not None, module
    else:
        assert spec.origin is not None
        assert 'if __name__ == "__main__"' in Path(spec.origin).read_text(), module
    if module == "shared.db.migrations":
        assert command[3:] == ["upgrade", "head"]


def _health_probe(service: dict[str, Any], address: str) -> subprocess.CompletedProcess[str]:
    """The service's health check command, run here against `address` instead."""
    code = re.sub(r"http://127\.0\.0\.1:\d+", address, _health_command(service))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )


@pytest.mark.slow
def test_health_check_commands_pass_on_live_services_and_fail_on_dead_ones(
    pg_server: str, template_db: str, tmp_path: Path
) -> None:
    from tests.support.stack import running_stack  # noqa: PLC0415  (only this test starts services)

    services = compose()["services"]
    with running_stack(pg_server, template_db, tmp_path) as stack:
        for name, address in (("read", stack.read_url), ("orchestrator", stack.orchestrator_url)):
            probe = _health_probe(services[name], address)
            assert probe.returncode == 0, (name, probe.stderr)
        stack.kill_read()
        probe = _health_probe(services["read"], stack.read_url)
        assert probe.returncode != 0


def _port_span(mapping: str) -> tuple[range, int]:
    """`127.0.0.1:8100-8109:8000` as (host ports 8100..8109, container port 8000)."""
    _, host, container = mapping.split(":")
    first, _, last = host.partition("-")
    return range(int(first), int(last or first) + 1), int(container)


def test_the_scaling_example_keeps_each_service_to_its_own_ports() -> None:
    """docs/deploy.md's ranges for scaled replicas never reach the other service's port."""
    text = (REPO / "docs" / "deploy.md").read_text()
    block = re.search(r"```yaml\n(.*?)```", text[text.index("## Scaling replicas") :], re.S)
    assert block, "no compose.yaml excerpt in the scaling section"
    services: dict[str, Any] = yaml.safe_load(block[1])
    spans = {name: _port_span(service["ports"][0]) for name, service in services.items()}
    assert set(spans) == {"read", "orchestrator"}
    defaults = compose()["services"]
    for name, (hosts, container) in spans.items():
        assert len(hosts) > 1, f"{name}: one port cannot serve several replicas"
        assert container == published(defaults[name])[0].container_port, name
        other = "orchestrator" if name == "read" else "read"
        assert not set(hosts) & set(spans[other][0]), f"{name} and {other} share ports"
        assert published(defaults[other])[0].host_port not in hosts, f"{name} takes {other}'s"
        # The addresses the services give each other point into the ranges.
        assert re.search(rf"PILOTHOUSE_PUBLISH_{name.upper()}_PORT={hosts[0]}\b", text), name
