"""One orchestrator process: its parts, started and stopped together, in order."""

from __future__ import annotations

import logging

from services.orchestrator.agents.model_runtime import ModelRuntime, resolve_mode
from services.orchestrator.commands.context import CommandContext
from services.orchestrator.db.agent_log import Journal
from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.running.liveness import Worker
from services.orchestrator.running.notify import Notifier
from services.orchestrator.running.permission_waits import PermissionWaits
from services.orchestrator.running.pipeline import Pipeline
from services.orchestrator.running.recovery import recover_orphans
from services.orchestrator.running.supervision import Supervisor
from services.orchestrator.running.work_queue import Queue
from shared.config.bearer_token import load_or_create_token
from shared.config.data_dir import private_directory
from shared.config.settings import Settings
from shared.contract.enums import ModelMode
from shared.db.database import resolve_database

log = logging.getLogger(__name__)


class Orchestrator:
    """Pool, model runtime, worker identity, queue and pipeline of this process."""

    def __init__(
        self,
        settings: Settings,
        *,
        database_url: str | None = None,
        model_mode: ModelMode | None = None,
    ) -> None:
        self.settings = settings
        self.database_url = database_url or resolve_database(settings).url
        self.token = load_or_create_token(settings)
        self.runtime = ModelRuntime(settings, model_mode or resolve_mode(settings))
        self.store = Store(self.database_url, max_size=max(4, 2 * settings.max_running_agents + 2))
        self.notifier = Notifier(self.store, settings)
        waits = PermissionWaits()
        supervisor = Supervisor(self.store, settings, waits, self.notifier)
        pipeline = Pipeline(
            self.store,
            Journal(self.store),
            settings,
            self.runtime,
            self.notifier,
            supervisor=supervisor,
        )
        self.queue = Queue(
            self.store,
            pipeline.run,
            worker_id=lambda: self.worker.id,
            limit=settings.max_running_agents,
            model=settings.model,
            waits=waits,
        )
        self.worker = Worker(
            self.database_url,
            on_queue=self.queue.wake,
            on_cancel=self.queue.cancel_local,
            on_lost=self.queue.abort_all,
        )
        self.commands = CommandContext(self.store, settings, self.runtime.mode, self.queue)

    async def start(self) -> None:
        private_directory(self.settings.data_dir)
        await self.store.open()
        await self.runtime.start()
        await self.worker.start()
        # Before taking new work: what a dead process left running is marked interrupted.
        await recover_orphans(self.store, self.worker.id)
        self.queue.start()
        log.info(
            "orchestrator worker %s started (%s model)", self.worker.id, self.runtime.mode.value
        )

    async def stop(self) -> None:
        await self.queue.stop()
        await self.notifier.stop()
        await self.worker.stop()
        await self.runtime.stop()
        await self.store.close()
