"""The read service's HTTP routes, GET only (the WebSocket is in websocket.py)."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from services.read.routes.artifacts import session_artifact, session_artifacts
from services.read.routes.browse import browse_directory
from services.read.routes.changes import (
    file_change,
    session_changes,
    session_commits,
    session_diff,
    worktrees_in_use,
)
from services.read.routes.checks import project_gates, session_checks, session_comments
from services.read.routes.events import agent_events, session_events
from services.read.routes.health import config, health
from services.read.routes.permissions import session_requests
from services.read.routes.projects import get_project, list_projects
from services.read.routes.search import search_events
from services.read.routes.sessions import get_session, list_sessions
from services.read.routes.webui import web_ui

API_ROUTES: list[ControllerRouterHandler] = [
    health,
    config,
    list_projects,
    get_project,
    list_sessions,
    get_session,
    session_events,
    agent_events,
    search_events,
    session_artifacts,
    session_artifact,
    session_changes,
    file_change,
    session_commits,
    session_diff,
    worktrees_in_use,
    project_gates,
    session_checks,
    session_comments,
    session_requests,
    browse_directory,
]

__all__ = ["API_ROUTES", "web_ui"]
