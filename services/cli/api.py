"""The two HTTP APIs as the client sees them: read-service queries, orchestrator commands.

Every answer is decoded with the shared wire types; every failure becomes a
`ClientError` that says which service, at which address, and what to do about it.
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
import msgspec

from services.cli.config import Target
from services.cli.outcome import ClientError
from shared.wire import (
    Accepted,
    ErrorBody,
    EventView,
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

READ, ORCHESTRATOR = "read service", "orchestrator"
_FLAGS = {READ: "--read-url", ORCHESTRATOR: "--orchestrator-url"}


def _failure(service: str, base_url: str, response: httpx.Response) -> ClientError:
    """The error body of a refused request as one line."""
    try:
        detail = msgspec.json.decode(response.content, type=ErrorBody).detail
    except msgspec.DecodeError:
        detail = response.text.strip()[:200] or response.reason_phrase
    if response.status_code == 503:
        return ClientError(f"the {service} at {base_url} is unavailable: {detail}")
    return ClientError(f"{detail} ({service}: HTTP {response.status_code})")


class Api:
    """One HTTP client per service, for the life of one command."""

    def __init__(self, target: Target, *, timeout: float = 30.0) -> None:
        self.target = target
        timeouts = httpx.Timeout(timeout, connect=10.0)
        self._read = httpx.Client(base_url=target.read_url, timeout=timeouts)
        self._orchestrator = httpx.Client(base_url=target.orchestrator_url, timeout=timeouts)

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *_: object) -> None:
        self._read.close()
        self._orchestrator.close()

    def _send(self, service: str, client: httpx.Client, request: httpx.Request) -> httpx.Response:
        base_url = str(client.base_url).rstrip("/")
        try:
            response = client.send(request)
        except httpx.TimeoutException:
            raise ClientError(f"the {service} at {base_url} did not answer in time") from None
        except httpx.TransportError as exc:
            raise ClientError(
                f"the {service} is not answering at {base_url} ({exc.__class__.__name__}):"
                f" start it with `make dev`, or give its address with {_FLAGS[service]}"
            ) from None
        if response.status_code == 401:
            raise ClientError(
                f"the orchestrator refused the token from {self.target.token_hint} (HTTP 401):"
                " pass --token or set PILOTHOUSE_TOKEN to the token `make dev` printed"
            )
        if response.is_error:
            raise _failure(service, base_url, response)
        return response

    @staticmethod
    def _decode(service: str, response: httpx.Response, kind: type[T]) -> T:
        try:
            return msgspec.json.decode(response.content, type=kind)
        except msgspec.DecodeError:
            raise ClientError(
                f"unexpected answer from {response.request.url} (HTTP {response.status_code}):"
                f" is that the Pilothouse {service}?"
            ) from None

    def _get(self, path: str, kind: type[T], params: dict[str, Any] | None = None) -> T:
        query = {key: value for key, value in (params or {}).items() if value is not None}
        request = self._read.build_request("GET", path, params=query)
        return self._decode(READ, self._send(READ, self._read, request), kind)

    def _post(self, path: str, kind: type[T], body: msgspec.Struct | None = None) -> T:
        if not self.target.token:
            raise ClientError(
                f"no token for commands (looked in {self.target.token_hint}): pass --token,"
                " or start the services once with `make dev`, which creates one"
            )
        request = self._orchestrator.build_request(
            "POST",
            path,
            content=b"" if body is None else msgspec.json.encode(body),
            headers={
                "Authorization": f"Bearer {self.target.token}",
                "Content-Type": "application/json",
            },
        )
        response = self._send(ORCHESTRATOR, self._orchestrator, request)
        return self._decode(ORCHESTRATOR, response, kind)

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
        return self._get(f"/api/sessions/{ref}", SessionDetail)

    def events(self, ref: str | int, after: str, limit: int = EVENTS_PAGE) -> Page[EventView]:
        """The session's events after the token `after`, in feed order."""
        params = {"after": after, "limit": limit}
        return self._get(f"/api/sessions/{ref}/events", Page[EventView], params)

    # ------------------------------------------------------------------- orchestrator

    def register(self, command: RegisterProject) -> ProjectView:
        return self._post("/api/projects", ProjectView, command)

    def start(self, command: StartSession) -> Accepted:
        return self._post("/api/sessions", Accepted, command)

    def cancel(self, ref: str) -> Accepted:
        return self._post(f"/api/sessions/{ref}/cancel", Accepted)

    def resume(self, ref: str) -> Accepted:
        return self._post(f"/api/sessions/{ref}/resume", Accepted)

    def debug(self, ref: str, command: StartDebug) -> Accepted:
        return self._post(f"/api/sessions/{ref}/debug", Accepted, command)
