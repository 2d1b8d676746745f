"""`python -m services.dev` (what `make dev` runs): the whole product on this machine.

Starts (or reuses) the database, migrates it, runs the read service and the
orchestrator as child processes, and prints the address to open — with the access
token in it, Jupyter style. Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP)
stops both services within 10 s; the embedded database keeps running for the next
start (`make db-stop` stops it).
"""

from __future__ import annotations

import signal
import sys
import time
from types import FrameType

from services.launcher import ServiceFailed, ServiceProcess, start_service, stop_services
from shared.config.bearer_token import load_or_create_token
from shared.config.settings import Settings, get_settings
from shared.db import migrations
from shared.db.database import resolve_database


def _say(message: str) -> None:
    print(f"pilothouse: {message}", flush=True)


def _stop_requested(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _stop_signals() -> list[signal.Signals]:
    """The signals that stop the runner. SIGINT always: started with it ignored (a
    background job of a non-interactive shell, some CI runners and supervisors), Python
    keeps it ignored and Ctrl-C would do nothing. SIGHUP unless ignored on purpose
    (nohup): the services run in sessions of their own and would not see the terminal
    close."""
    wanted = [signal.SIGINT, signal.SIGTERM]
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        wanted.append(signal.SIGHUP)
    return wanted


def _wait_for_exit(services: list[ServiceProcess]) -> None:
    """Block until one service exits; that is a failure (Ctrl-C is the way to stop)."""
    while all(service.process.poll() is None for service in services):
        time.sleep(0.5)
    failed = next(s for s in services if s.process.poll() is not None)
    raise ServiceFailed(f"{failed.name} exited with code {failed.process.returncode}")


def _run(settings: Settings, services: list[ServiceProcess]) -> None:
    resolved = resolve_database(settings)
    migrations.upgrade(resolved.url)
    _say(f"{resolved.source} database migrated")
    token = load_or_create_token(settings)
    # The token goes to the children explicitly, so only this runner prints the address.
    env = {"DATABASE_URL": resolved.url, "PILOTHOUSE_TOKEN": token}
    for name, url in (
        ("read", settings.read_base_url),
        ("orchestrator", settings.orchestrator_base_url),
    ):
        services.append(start_service(name, url, env))
    # Each service announces its own address as it starts: said once, not again here.
    health = [service.wait_healthy() for service in services]
    if health[1].get("model_mode") == "scripted":
        _say("no Claude credentials found: agents talk to the local SCRIPTED model (a demo)")
    print(f"\n    Open {settings.read_base_url}/#token={token}\n", flush=True)
    _say("Ctrl-C stops both services")
    _wait_for_exit(services)


def main() -> None:
    stop_signals = _stop_signals()
    for signum in stop_signals:
        signal.signal(signum, _stop_requested)
    services: list[ServiceProcess] = []
    code = 0
    try:
        _run(get_settings(), services)
    except KeyboardInterrupt:
        _say("stopping")
    except ServiceFailed as error:
        _say(str(error))
        code = 1
    finally:
        # A second Ctrl-C must not cut the orderly stop short (the orchestrator marks its
        # running agents interrupted); stop_services bounds it in time instead.
        for signum in stop_signals:
            signal.signal(signum, signal.SIG_IGN)
        stop_services(services)
    sys.exit(code)


if __name__ == "__main__":
    main()
