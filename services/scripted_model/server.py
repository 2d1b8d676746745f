"""A local server speaking the Anthropic Messages API, answering from scripts.

Point the real Claude Code CLI at it (`cli_env()` gives the environment) and the CLI
runs real tools in the project while the "model" follows services.scripted_model.scripts.
It serves in its own thread and event loop, so a busy caller never slows its answers.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from litestar import Litestar, Request, get, head, post
from litestar.response import Response, Stream

from services.scripted_model import scripts, sse

DUMMY_KEY = "sk-ant-scripted-model-not-a-real-key"


@dataclass(frozen=True)
class SeenRequest:
    """What the server was asked, for tests and logs."""

    phase: str | None
    step: int
    claude_session_id: str | None
    model: str | None


def _claude_session_id(body: dict[str, Any]) -> str | None:
    try:
        user = json.loads(body.get("metadata", {}).get("user_id", "{}"))
    except (TypeError, ValueError):
        return None
    return user.get("session_id") if isinstance(user, dict) else None


def _error(status: int, kind: str, message: str) -> Response[dict[str, Any]]:
    return Response(
        {"type": "error", "error": {"type": kind, "message": message}}, status_code=status
    )


def create_app(seen: list[SeenRequest]) -> Litestar:
    """The Messages API routes the CLI uses."""

    @post("/v1/messages", status_code=200)
    async def messages(request: Request[Any, Any, Any]) -> Response[Any]:
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(400, "invalid_request_error", "body is not JSON")
        ctx = scripts.read_context(body)
        seen.append(
            SeenRequest(
                phase=ctx.phase if ctx else None,
                step=ctx.step if ctx else 0,
                claude_session_id=_claude_session_id(body),
                model=body.get("model"),
            )
        )
        try:
            turn = scripts.next_turn(body)
        except scripts.ScriptedFailure as failure:
            return _error(400, "invalid_request_error", str(failure))
        if body.get("stream"):
            return Stream(sse.stream_turn(body, turn), media_type="text/event-stream")
        return Response(sse.whole_message(body, turn))

    @post("/v1/messages/count_tokens", status_code=200)
    async def count_tokens(request: Request[Any, Any, Any]) -> dict[str, int]:
        body = json.loads(await request.body() or b"{}")
        return {"input_tokens": sse.estimate_tokens(body.get("messages", []))}

    @get("/", sync_to_thread=False)
    def root() -> dict[str, str]:
        return {"service": "pilothouse scripted model"}

    @head("/", sync_to_thread=False)
    def root_head() -> None:
        return None

    # logging_config=None: the hosting process owns logging (Litestar's default would
    # reconfigure it for the whole process, orchestrator and tests included).
    return Litestar(
        [messages, count_tokens, root, root_head], openapi_config=None, logging_config=None
    )


class _QuietServer(uvicorn.Server):
    """uvicorn without signal handlers: it runs in a helper thread, not the main one."""

    def install_signal_handlers(self) -> None:
        return None


class ScriptedModelServer:
    """The scripted model on 127.0.0.1 at a free (or given) port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.seen: list[SeenRequest] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host, self.port = self._sock.getsockname()[:2]
        # No log_config/log_level, and no access_log=False: uvicorn would otherwise
        # reconfigure the process-wide "uvicorn" loggers (access_log=False empties
        # "uvicorn.access" for every server in the process), silencing the hosting
        # orchestrator's own server and access logs. Its model calls are logged with them.
        config = uvicorn.Config(
            create_app(self.seen), log_config=None, log_level=None, lifespan="off"
        )
        self._server = _QuietServer(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def cli_env(self, config_dir: Path) -> dict[str, str]:
        """Environment for the Claude Code CLI to talk to this server, and only to it."""
        config_dir.mkdir(parents=True, exist_ok=True)
        return {
            "ANTHROPIC_BASE_URL": self.url,
            "ANTHROPIC_API_KEY": DUMMY_KEY,
            "CLAUDE_CONFIG_DIR": str(config_dir),
            "HOME": str(config_dir),
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
        }

    def start_in_thread(self) -> None:
        """Serve in a daemon thread; returns once the server accepts connections."""
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._server.serve(sockets=[self._sock])),
            name="scripted-model",
            daemon=True,
        )
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("scripted model server failed to start")
            threading.Event().wait(0.01)

    def stop_thread(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._sock.close()

    async def start(self) -> None:
        await asyncio.to_thread(self.start_in_thread)

    async def stop(self) -> None:
        await asyncio.to_thread(self.stop_thread)
