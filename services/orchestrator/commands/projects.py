"""Handlers of the project commands: register, update, archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psycopg import errors as pg_errors
from psycopg import sql

from services.orchestrator.commands.gate_proposals import PROPOSED_TIMEOUT, propose
from services.orchestrator.commands.git_metadata import default_branch
from services.orchestrator.commands.refusals import BadRequest, Conflict, NotFound
from services.orchestrator.commands.slugs import numbered, slugify
from services.orchestrator.db import gates, lookups
from services.orchestrator.db.unit_of_work import NOW, Store, UnitOfWork
from shared.config.paths import (
    PathOutsideRoots,
    PathRefused,
    confine,
    confine_relative,
    refuse_private,
)
from shared.config.settings import Settings
from shared.contract.enums import ProjectStatus, Supervision
from shared.contract.wire import ProjectView, RegisterProject, UpdateProject

MAX_SLUG_ATTEMPTS = 50


def project_directory(text: str, settings: Settings) -> Path:
    """The real directory a user named, confined to the allowed roots (400 otherwise)."""
    try:
        path = confine(text, settings.allowed_roots)
        refuse_private(path, settings.allowed_roots, data_dir=settings.data_dir, refuse_home=True)
    except PathOutsideRoots as exc:
        roots = ", ".join(str(root) for root in settings.allowed_roots)
        where = f"{exc}; projects must lie under {roots} (the PILOTHOUSE_ROOTS setting)"
        raise BadRequest(where, field="path") from None
    except PathRefused as exc:
        raise BadRequest(str(exc), field="path") from None
    if not path.exists():
        raise BadRequest(f"path does not exist: {text!r}", field="path")
    if not path.is_dir():
        raise BadRequest(f"path is not a directory: {text!r}", field="path")
    return path


def check_setup_files(names: list[str] | None, project: Path) -> list[str] | None:
    """The setup files as given, each a relative path that stays inside the project (400
    otherwise); duplicates dropped."""
    if names is None:
        return None
    for name in names:
        try:
            confine_relative(name, project)
        except PathRefused as exc:
            raise BadRequest(str(exc), field="setup_files") from None
    return list(dict.fromkeys(names))


def _setup_command(text: str | None) -> str | None:
    """`""` (or only spaces) means no setup command."""
    return text if text and text.strip() else None


async def _free_slug(uow: UnitOfWork, wanted: str | None, name: str) -> str:
    if wanted is not None:
        if await lookups.slug_taken(uow, "projects", wanted):
            raise Conflict(f"slug {wanted!r} is taken", field="slug")
        return wanted
    base = slugify(name, "project")
    for attempt in range(1, MAX_SLUG_ATTEMPTS + 1):
        candidate = numbered(base, attempt)
        if not await lookups.slug_taken(uow, "projects", candidate):
            return candidate
    raise Conflict(f"no free slug for {name!r}; give one", field="slug")


async def register_project(
    store: Store, settings: Settings, command: RegisterProject
) -> ProjectView:
    """Register a directory as a project; its git metadata is read if present, and the
    gates its files suggest are proposed (disabled)."""
    path = project_directory(command.path, settings)
    name = command.name or path.name
    branch = default_branch(path, settings.allowed_roots)
    setup_files = check_setup_files(command.setup_files, path) or []
    proposals = propose(path)
    try:
        async with store.unit() as uow:
            existing = await lookups.project_at(uow, str(path))
            if existing is not None:
                raise Conflict(f"{path} is already registered as {existing.slug!r}", field="path")
            slug = await _free_slug(uow, command.slug, name)
            project = await uow.insert(
                ProjectView,
                {
                    "slug": slug,
                    "name": name,
                    "path": str(path),
                    "description": command.description,
                    "status": ProjectStatus.READY.value,
                    "default_branch": branch,
                    "setup_files": setup_files,
                    "setup_command": _setup_command(command.setup_command),
                    "fix_rounds": 2 if command.fix_rounds is None else command.fix_rounds,
                    "supervision": (command.supervision or Supervision.AUTONOMOUS).value,
                },
            )
            for position, proposal in enumerate(proposals):
                await gates.insert(
                    uow,
                    {
                        "project_id": project.id, "name": proposal.name,
                        "command": proposal.command, "timeout_seconds": PROPOSED_TIMEOUT,
                        "required": True, "enabled": False, "proposed": True,
                        "position": position,
                    },
                )  # fmt: skip
            return project
    except pg_errors.UniqueViolation:
        # Another registration took the slug between our check and our insert.
        raise Conflict("slug was taken concurrently; try again", field="slug") from None


async def existing_project(uow: UnitOfWork, ref: str) -> ProjectView:
    """The project `ref` names, locked for this transaction (404 if there is none)."""
    project = await lookups.project(uow, ref, lock=True)
    if project is None:
        raise NotFound(f"no project {ref!r}")
    return project


async def update_project(store: Store, ref: str, command: UpdateProject) -> ProjectView:
    """Change a project's name, description, default branch or worktree setup (fields
    left out stay)."""
    changes: dict[str, Any] = {
        field: value
        for field, value in (
            ("name", command.name),
            ("description", command.description),
            ("default_branch", command.default_branch),
            ("fix_rounds", command.fix_rounds),
            ("supervision", command.supervision and command.supervision.value),
        )
        if value is not None
    }
    async with store.unit() as uow:
        project = await existing_project(uow, ref)
        if command.setup_files is not None:
            changes["setup_files"] = check_setup_files(command.setup_files, Path(project.path))
        if command.setup_command is not None:
            changes["setup_command"] = _setup_command(command.setup_command)
        if not changes:
            return project
        updated = await uow.update(ProjectView, project.id, changes)
    assert updated is not None
    return updated


async def archive_project(store: Store, ref: str) -> ProjectView:
    """Hide a project from the default lists; idempotent."""
    async with store.unit() as uow:
        project = await existing_project(uow, ref)
        if project.archived_at is not None:
            return project
        archived = await uow.update(
            ProjectView, project.id, {"archived_at": NOW}, only_if=sql.SQL("archived_at IS NULL")
        )
    assert archived is not None
    return archived
