"""`python -m services.dev` (what `make dev` runs): the whole product on this machine.

Starts (or reuses) the database, migrates it, runs the read service and the
orchestrator as child processes, and prints the address to open — with the access
token in it, Jupyter style. Ctrl-C stops both services; the embedded database keeps
running for the next start (`make db-stop` stops it).
"""

from __future__ import annotations

import signal
import sys
import time
from types import FrameType

from services.launcher import ServiceFailed, ServiceProcess, start_service
from shared.config.bearer_token import load_or_create_token
from shared.config.settings import get_settings
from shared.db import migrations
from shared.db.database import resolve_database


def _say(message: str) -> None:
    print(f"pilothouse: {message}", flush=True)


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _wait_for_exit(services: list[ServiceProcess]) -> None:
    """Block until one service exits; that is a failure (Ctrl-C is the way to stop)."""
    while all(service.process.poll() is None for service in services):
        time.sleep(0.5)
    failed = next(s for s in services if s.process.poll() is not None)
    raise ServiceFailed(f"{failed.name} exited with code {failed.process.returncode}")


def main() -> None:
    settings = get_settings()
    resolved = resolve_database(settings)
    migrations.upgrade(resolved.url)
    _say(f"{resolved.source} database migrated")
    token = load_or_create_token(settings)
    # The token goes to the children explicitly, so only this runner prints the address.
    env = {"DATABASE_URL": resolved.url, "PILOTHOUSE_TOKEN": token}
    services: list[ServiceProcess] = []
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        for name, url in (
            ("read", settings.read_base_url),
            ("orchestrator", settings.orchestrator_base_url),
        ):
            services.append(start_service(name, url, env))
        health = [service.wait_healthy() for service in services]
        _say(f"read service on {settings.read_base_url}")
        _say(f"orchestrator on {settings.orchestrator_base_url}")
        if health[1].get("model_mode") == "scripted":
            _say("no Claude credentials found: agents talk to the local SCRIPTED model (a demo)")
        print(f"\n    Open {settings.read_base_url}/#token={token}\n", flush=True)
        _say("Ctrl-C stops both services")
        _wait_for_exit(services)
    except KeyboardInterrupt:
        _say("stopping")
    except ServiceFailed as error:
        _say(str(error))
        sys.exit(1)
    finally:
        # A terminal's Ctrl-C reaches the children too; a second one must not cut the
        # orderly stop short (the orchestrator marks its running agents interrupted).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for service in reversed(services):
            service.stop()


if __name__ == "__main__":
    main()
