"""What every command handler shares: its context, and the checks and steps they repeat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from services.orchestrator.commands.refusals import BadRequest, NotFound, TooLarge
from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import Store, UnitOfWork
from services.orchestrator.running.liveness import CONTROL_CHANNEL
from shared.config.settings import Settings
from shared.contract.enums import ModelMode, SessionStatus
from shared.contract.wire import Accepted, SessionView


class Dispatcher(Protocol):
    """What commands tell the local worker after they commit."""

    def wake(self) -> None:
        """Queued work exists: claim it now rather than at the next poll."""

    def cancel_local(self, session_id: int) -> bool:
        """Stop the session's agent if it runs in this process; False if it does not."""

    def answered(self, request_id: int) -> None:
        """A permission request was answered: wake its agent if it waits in this process."""


@dataclass(frozen=True)
class CommandContext:
    store: Store
    settings: Settings
    model_mode: ModelMode
    dispatcher: Dispatcher


def check_prompt(prompt: str, settings: Settings, field: str = "prompt") -> None:
    """400 for a prompt of only whitespace (nothing to do, and no title to derive); 413
    for one over the configured size (in UTF-8 bytes)."""
    if not prompt.strip():
        raise BadRequest("must not be blank", field=field)
    size = len(prompt.encode())
    if size > settings.max_prompt_bytes:
        raise TooLarge(
            f"{field} is {size} bytes; the limit is {settings.max_prompt_bytes}", field=field
        )


async def locked_session(uow: UnitOfWork, ref: str) -> SessionView:
    """The session `ref` names, locked for this transaction (404 if there is none)."""
    found = await lookups.session(uow, ref, lock=True)
    if found is None:
        raise NotFound(f"no session {ref!r}")
    return found


async def requeue(uow: UnitOfWork, session: SessionView) -> SessionView:
    """Put a session back in the queue and tell every worker."""
    requeued = await uow.update(
        SessionView,
        session.id,
        {"status": SessionStatus.QUEUED.value, "error": None, "finished_at": None},
    )
    await uow.notify(CONTROL_CHANNEL, "queue")
    assert requeued is not None
    return requeued


def accepted(session: SessionView, token: str) -> Accepted:
    return Accepted(id=session.id, slug=session.slug, status=session.status.value, token=token)
