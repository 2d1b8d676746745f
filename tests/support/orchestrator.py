"""The orchestrator as its tests configure it: a known token, scripted model, no agents."""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from shared.config.settings import Settings
from shared.contract.enums import ModelMode
from tests.support.databases import TestDatabase

Client: TypeAlias = AsyncTestClient[Litestar]

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def orchestrator_settings(
    tmp_path: Path, workspace: Path, database: TestDatabase, **overrides: object
) -> Settings:
    """Settings on the test database, projects under `workspace`, the token above, the
    scripted model and no running agents unless `overrides` says otherwise."""
    base = Settings(
        data_dir=tmp_path / "data",
        database_url=database.url,
        roots=(workspace,),
        token=TOKEN,
        model_mode=ModelMode.SCRIPTED.value,
        max_running_agents=0,
    )
    return msgspec.structs.replace(base, **overrides)
