"""The two HTTP APIs as the client sees them: read-service queries, orchestrator commands.

Every answer is decoded with the shared wire types; every failure becomes a
`ClientError` that says which service, at which address, and what to do about it.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import msgspec

from services.cli.config import Target
from services.cli.outcome import ClientError
from shared.contract.checks import (
    AddComment,
    Checks,
    CommentView,
    CreateGate,
    FollowUp,
    GateView,
    UpdateComment,
    UpdateGate,
)
from shared.contract.events import EventView
from shared.contract.permissions import AnswerRequest, PermissionRequestView
from shared.contract.review import (
    Approve,
    ChangeSet,
    PruneReport,
    PruneWorktrees,
    ReviewOutcome,
    WorktreeUsage,
)
from shared.contract.search import SearchPage
from shared.contract.wire import (
    Accepted,
    ErrorBody,
    Page,
    ProjectView,
    RegisterProject,
    SessionDetail,
    SessionView,
    StartDebug,
    StartSession,
)

T = TypeVar("T")

EVENTS_PAGE = 1000
"""The read service's largest events page."""


@dataclass(frozen=True)
class Service:
    """One of the two services: its name in messages, address, and the flag that sets it."""

    name: str
    base_url: str
    flag: str


def _ref(ref: str | int) -> str:
    """A session or project reference as one path segment."""
    return quote(str(ref), safe="")


class Api:
    """The read service's queries and the orchestrator's commands, over urllib (the
    standard library keeps the client quick to start: it runs once per command)."""

    def __init__(self, target: Target, *, timeout: float = 30.0) -> None:
        self.target = target
        self._timeout = timeout
        self._read = Service("read service", target.read_url, "--read-url")
        self._orchestrator = Service("orchestrator", target.orchestrator_url, "--orchestrator-url")

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *_: object) -> None:
        """Nothing to release: each request has its own connection."""

    def _send(self, service: Service, request: urllib.request.Request) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310  (http(s) only: config.checked_url)
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as error:
            raise self._refused(service, error.code, error.read()) from None
        except TimeoutError:
            raise ClientError(
                f"the {service.name} at {service.base_url} did not answer in time"
            ) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ClientError(
                f"the {service.name} is not answering at {service.base_url}"
                f" ({reason.__class__.__name__}): start it with `make dev`,"
                f" or give its address with {service.flag}"
            ) from None

    def _refused(self, service: Service, status: int, content: bytes) -> ClientError:
        """The error body of a refused request as one line."""
        if status == 401:
            return ClientError(
                f"the orchestrator refused the token from {self.target.token_hint} (HTTP 401):"
                " pass --token or set PILOTHOUSE_TOKEN to the token `make dev` printed"
            )
        files: list[str] = []
        try:
            body = msgspec.json.decode(content, type=ErrorBody)
            detail = body.detail
            if isinstance(body.extra, dict) and isinstance(body.extra.get("files"), list):
                files = [str(name) for name in body.extra["files"]]
        except msgspec.DecodeError:
            detail = content.decode(errors="replace").strip()[:200] or f"HTTP {status}"
        if status == 503:
            return ClientError(f"the {service.name} at {service.base_url} is unavailable: {detail}")
        listed = "".join(f"\n  {name}" for name in files)
        return ClientError(f"{detail} ({service.name}: HTTP {status}){listed}")

    @staticmethod
    def _decode(service: Service, url: str, content: bytes, kind: type[T]) -> T:
        try:
            return msgspec.json.decode(content, type=kind)
        except msgspec.ValidationError as error:
            # JSON, but not the contract this client was built with (events are checked
            # against their kind here, shared/contract/events.py).
            raise ClientError(
                f"the {service.name} sent data this client cannot read ({error}):"
                " are both the same Pilothouse version?"
            ) from None
        except msgspec.DecodeError:
            raise ClientError(
                f"unexpected answer from {url}: is that the Pilothouse {service.name}?"
            ) from None

    def _get_bytes(
        self, path: str, params: dict[str, Any] | None, accept: str
    ) -> tuple[str, bytes]:
        query = urlencode(
            {key: value for key, value in (params or {}).items() if value is not None}
        )
        url = f"{self._read.base_url}{path}" + (f"?{query}" if query else "")
        request = urllib.request.Request(url, headers={"Accept": accept})  # noqa: S310  (http(s) only: config.checked_url)
        return url, self._send(self._read, request)

    def _get(self, path: str, kind: type[T], params: dict[str, Any] | None = None) -> T:
        url, content = self._get_bytes(path, params, "application/json")
        return self._decode(self._read, url, content, kind)

    def _post(
        self, path: str, kind: type[T], body: msgspec.Struct | None = None, method: str = "POST"
    ) -> T:
        if not self.target.token:
            raise ClientError(
                f"no token for commands (looked in {self.target.token_hint}): pass --token,"
                " or start the services once with `make dev`, which creates one"
            )
        url = f"{self._orchestrator.base_url}{path}"
        request = urllib.request.Request(  # noqa: S310  (http(s) only: config.checked_url)
            url,
            data=b"" if body is None else msgspec.json.encode(body),
            method=method,
            headers={
                "Authorization": f"Bearer {self.target.token}",
                "Content-Type": "application/json",
            },
        )
        content = self._send(self._orchestrator, request)
        return self._decode(self._orchestrator, url, content, kind)

    # ------------------------------------------------------------------ read service

    def health(self) -> dict[str, Any]:
        """The read service's health; raises when it does not answer."""
        return self._get("/api/health", dict[str, Any])

    def projects(self, *, archived: bool = False) -> list[ProjectView]:
        page = self._get("/api/projects", Page[ProjectView], {"archived": str(archived).lower()})
        return page.items

    def sessions(
        self, *, project: str | None = None, status: str | None = None, limit: int = 50
    ) -> list[SessionView]:
        params = {"project": project, "status": status, "limit": limit}
        return self._get("/api/sessions", Page[SessionView], params).items

    def session(self, ref: str) -> SessionDetail:
        return self._get(f"/api/sessions/{_ref(ref)}", SessionDetail)

    def events(self, ref: str | int, after: str, limit: int = EVENTS_PAGE) -> Page[EventView]:
        """The session's events after the token `after`, in feed order."""
        params = {"after": after, "limit": limit}
        return self._get(f"/api/sessions/{_ref(ref)}/events", Page[EventView], params)

    def changes(self, ref: str | int, agent: int | None = None) -> ChangeSet:
        """The session's changed files (or one agent's commit's)."""
        return self._get(f"/api/sessions/{_ref(ref)}/changes", ChangeSet, {"agent": agent})

    def diff(self, ref: str | int, agent: int | None = None) -> str:
        """The session's unified diff (or one agent's commit's), as text."""
        _, content = self._get_bytes(
            f"/api/sessions/{_ref(ref)}/diff", {"agent": agent}, "text/x-diff"
        )
        return content.decode(errors="replace")

    def search(
        self,
        text: str,
        *,
        project: str | None = None,
        session: str | None = None,
        kind: str | None = None,
        tool: str | None = None,
        errors: bool = False,
        limit: int = 20,
        cursor: str | None = None,
    ) -> SearchPage:
        """Hits of `text` in every session's log, newest first, grouped."""
        params = {
            "q": text,
            "project": project,
            "session": session,
            "kind": kind,
            "tool": tool,
            "errors": "true" if errors else None,
            "limit": limit,
            "cursor": cursor,
        }
        return self._get("/api/search", SearchPage, params)

    def worktrees(self) -> WorktreeUsage:
        return self._get("/api/worktrees", WorktreeUsage)

    # ------------------------------------------------------------------- orchestrator

    def register(self, command: RegisterProject) -> ProjectView:
        return self._post("/api/projects", ProjectView, command)

    def start(self, command: StartSession) -> Accepted:
        return self._post("/api/sessions", Accepted, command)

    def cancel(self, ref: str) -> Accepted:
        return self._post(f"/api/sessions/{_ref(ref)}/cancel", Accepted)

    def resume(self, ref: str) -> Accepted:
        return self._post(f"/api/sessions/{_ref(ref)}/resume", Accepted)

    def debug(self, ref: str, command: StartDebug) -> Accepted:
        return self._post(f"/api/sessions/{_ref(ref)}/debug", Accepted, command)

    def approve(self, ref: str, command: Approve) -> ReviewOutcome:
        return self._post(f"/api/sessions/{_ref(ref)}/approve", ReviewOutcome, command)

    def discard(self, ref: str) -> ReviewOutcome:
        return self._post(f"/api/sessions/{_ref(ref)}/discard", ReviewOutcome)

    def keep(self, ref: str) -> ReviewOutcome:
        return self._post(f"/api/sessions/{_ref(ref)}/keep", ReviewOutcome)

    def resolve(self, ref: str) -> Accepted:
        return self._post(f"/api/sessions/{_ref(ref)}/resolve", Accepted)

    def prune(self, command: PruneWorktrees) -> PruneReport:
        return self._post("/api/worktrees/prune", PruneReport, command)

    # ------------------------------------------------------------ checks, conversation

    def gates(self, project: str) -> list[GateView]:
        return self._get(f"/api/projects/{_ref(project)}/gates", list[GateView])

    def add_gate(self, project: str, command: CreateGate) -> GateView:
        return self._post(f"/api/projects/{_ref(project)}/gates", GateView, command)

    def update_gate(self, project: str, name: str, command: UpdateGate) -> GateView:
        path = f"/api/projects/{_ref(project)}/gates/{_ref(name)}"
        return self._post(path, GateView, command, method="PATCH")

    def remove_gate(self, project: str, name: str) -> GateView:
        path = f"/api/projects/{_ref(project)}/gates/{_ref(name)}"
        return self._post(path, GateView, method="DELETE")

    def checks(self, ref: str) -> Checks:
        return self._get(f"/api/sessions/{_ref(ref)}/checks", Checks)

    def comments(self, ref: str) -> list[CommentView]:
        return self._get(f"/api/sessions/{_ref(ref)}/comments", list[CommentView])

    def add_comment(self, ref: str, command: AddComment) -> CommentView:
        return self._post(f"/api/sessions/{_ref(ref)}/comments", CommentView, command)

    def update_comment(self, ref: str, comment: int, command: UpdateComment) -> CommentView:
        path = f"/api/sessions/{_ref(ref)}/comments/{comment}"
        return self._post(path, CommentView, command, method="PATCH")

    def delete_comment(self, ref: str, comment: int) -> CommentView:
        path = f"/api/sessions/{_ref(ref)}/comments/{comment}"
        return self._post(path, CommentView, method="DELETE")

    def request_changes(self, ref: str) -> Accepted:
        return self._post(f"/api/sessions/{_ref(ref)}/request-changes", Accepted)

    def follow_up(self, ref: str, command: FollowUp) -> Accepted:
        return self._post(f"/api/sessions/{_ref(ref)}/follow-up", Accepted, command)

    def requests(self, ref: str, *, pending: bool = False) -> list[PermissionRequestView]:
        params = {"status": "pending"} if pending else None
        path = f"/api/sessions/{_ref(ref)}/requests"
        return self._get(path, list[PermissionRequestView], params)

    def answer(self, ref: str, request: int, command: AnswerRequest) -> PermissionRequestView:
        path = f"/api/sessions/{_ref(ref)}/requests/{request}/answer"
        return self._post(path, PermissionRequestView, command)
