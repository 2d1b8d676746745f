"""The constrained values of the data model, shared by schema, wire types and services."""

from __future__ import annotations

from enum import StrEnum


class ProjectStatus(StrEnum):
    """Onboarding state of a registered codebase: registered projects are ready (there is
    no asynchronous onboarding yet)."""

    READY = "ready"


class SessionStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


class AgentKind(StrEnum):
    """What an agent does; the first four are also the pipeline's phases, in order."""

    SPEC = "spec"
    PLAN = "plan"
    BUILD = "build"
    DOCS = "docs"
    DEBUG = "debug"


PIPELINE: tuple[AgentKind, ...] = (AgentKind.SPEC, AgentKind.PLAN, AgentKind.BUILD, AgentKind.DOCS)
"""The default phases of a session, in the order they run."""


class AgentStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


class ModelMode(StrEnum):
    """Who answers the agents: Claude itself, or the local scripted model server."""

    CLAUDE = "claude"
    SCRIPTED = "scripted"


class EventKind(StrEnum):
    """Kinds of rows in the `events` journal.

    The `*_changed` kinds carry a full snapshot of the changed row (the wire view) in
    their payload; the rest are an agent's log, one entry per SDK message part.
    """

    PROJECT_CHANGED = "project_changed"
    SESSION_CHANGED = "session_changed"
    AGENT_CHANGED = "agent_changed"
    PHASE = "phase"
    SYSTEM = "system"
    USER = "user"
    TEXT = "text"
    THINKING = "thinking"
    TOOL_USE = "tool_use"
    TOOL_RESULT = "tool_result"
    RESULT = "result"
    STDERR = "stderr"
    ERROR = "error"
