"""Free TCP ports of 127.0.0.1 for the services tests start."""

from __future__ import annotations

import socket

_handed_out: set[int] = set()


def free_port() -> int:
    """A port free now and never handed out before by this process.

    The kernel may offer a port it just released again, so two services given ports one
    after the other (a stack's read service and orchestrator) could get the same one: the
    second fails to bind while the first answers its health check in its place.
    """
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port: int = probe.getsockname()[1]
        if port not in _handed_out:
            _handed_out.add(port)
            return port
