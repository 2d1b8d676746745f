"""Handlers of the gate commands: add, change and remove a project's QA gates.

Each is one transaction with the project row locked; refusals (unknown project or gate,
a blank command, a name taken) come before anything is written. The project row is
touched so its `project_changed` event tells live clients the gates changed.
"""

from __future__ import annotations

from typing import Any

from psycopg import errors as pg_errors

from services.orchestrator.commands.projects import existing_project
from services.orchestrator.commands.refusals import BadRequest, Conflict, NotFound
from services.orchestrator.db import gates
from services.orchestrator.db.unit_of_work import Store, UnitOfWork
from shared.contract.checks import CreateGate, GateView, UpdateGate
from shared.contract.wire import ProjectView


async def _gate(uow: UnitOfWork, project: ProjectView, name: str) -> GateView:
    # A NUL cannot be in a stored name (nor reach PostgreSQL, which refuses it).
    gate = None if "\x00" in name else await gates.named(uow, project.id, name)
    if gate is None:
        raise NotFound(f"project {project.slug!r} has no gate {name!r}")
    return gate


def _command(text: str) -> str:
    if not text.strip():
        raise BadRequest("must not be blank", field="command")
    return text


async def _touch(uow: UnitOfWork, project: ProjectView) -> None:
    """A `project_changed` event: the project's gates changed."""
    await uow.update(ProjectView, project.id, {})


async def create_gate(store: Store, ref: str, command: CreateGate) -> GateView:
    """Add a gate to a project (after its last one unless a position is given)."""
    text = _command(command.command)
    try:
        async with store.unit() as uow:
            project = await existing_project(uow, ref)
            if await gates.named(uow, project.id, command.name) is not None:
                raise Conflict(f"project {project.slug!r} already has a gate {command.name!r}")
            position = command.position
            if position is None:
                position = await gates.next_position(uow, project.id)
            gate = await gates.insert(
                uow,
                {
                    "project_id": project.id, "name": command.name, "command": text,
                    "timeout_seconds": command.timeout_seconds, "required": command.required,
                    "enabled": command.enabled, "position": position, "proposed": False,
                },
            )  # fmt: skip
            await _touch(uow, project)
            return gate
    except pg_errors.UniqueViolation:
        raise Conflict(f"a gate {command.name!r} was added concurrently") from None


async def update_gate(store: Store, ref: str, name: str, command: UpdateGate) -> GateView:
    """Change a gate's fields (those left out stay)."""
    changes: dict[str, Any] = {
        field: value
        for field in ("name", "timeout_seconds", "required", "enabled", "position")
        if (value := getattr(command, field)) is not None
    }
    if command.command is not None:
        changes["command"] = _command(command.command)
    try:
        async with store.unit() as uow:
            project = await existing_project(uow, ref)
            gate = await _gate(uow, project, name)
            renamed = changes.get("name")
            if renamed not in (None, gate.name) and await gates.named(uow, project.id, renamed):
                raise Conflict(f"project {project.slug!r} already has a gate {renamed!r}")
            if not changes:
                return gate
            updated = await gates.update(uow, gate.id, changes)
            await _touch(uow, project)
            return updated
    except pg_errors.UniqueViolation:
        raise Conflict(f"a gate {changes.get('name')!r} was added concurrently") from None


async def delete_gate(store: Store, ref: str, name: str) -> GateView:
    """Remove a gate; its past results stay (without their link to it)."""
    async with store.unit() as uow:
        project = await existing_project(uow, ref)
        gate = await _gate(uow, project, name)
        await gates.delete(uow, gate.id)
        await _touch(uow, project)
        return gate
