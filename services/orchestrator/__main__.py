"""`python -m services.orchestrator`: run the orchestrator as configured by the environment."""

from __future__ import annotations

import logging

import uvicorn

from services.orchestrator.app import create_app
from shared.config.bearer_token import load_or_create_token
from shared.config.settings import get_settings
from shared.web.access_log import quiet_health_checks


def main() -> None:
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    quiet_health_checks()
    token = load_or_create_token(settings)
    print(f"pilothouse orchestrator on {settings.orchestrator_base_url}", flush=True)
    if not settings.token:
        # Jupyter style, when run on its own: the address to open, with the token that
        # unlocks commands. (`make dev` passes the token in and prints the address itself.)
        print(f"  open {settings.read_base_url}/#token={token}", flush=True)
    uvicorn.run(
        create_app(settings),
        host=settings.orchestrator_host,
        port=settings.orchestrator_port,
        log_level=settings.log_level,
    )


if __name__ == "__main__":
    main()
