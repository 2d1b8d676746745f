"""Uvicorn's access log without the health checks that succeed.

A container's health check (compose.yaml) asks `GET /api/health` every few seconds;
logged, those requests would bury everything else in `docker compose logs`. A health
check that fails (any status of 400 or more) is still logged.
"""

from __future__ import annotations

import logging

HEALTH_PATH = "/api/health"
ACCESS_LOGGER = "uvicorn.access"


class QuietHealthChecks(logging.Filter):
    """Drops uvicorn access records of successful `GET /api/health` requests."""

    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn.protocols.http logs `'%s - "%s %s HTTP/%s" %d'` with the arguments
        # (client address, method, path with query, HTTP version, status code).
        args = record.args
        if not isinstance(args, tuple) or len(args) != 5:
            return True
        _, method, path, _, status = args
        quiet = method == "GET" and str(path).split("?")[0] == HEALTH_PATH
        return not (quiet and isinstance(status, int) and status < 400)


def quiet_health_checks() -> None:
    """Install the filter on uvicorn's access logger (once; configuring logging keeps it)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(existing, QuietHealthChecks) for existing in logger.filters):
        logger.addFilter(QuietHealthChecks())
