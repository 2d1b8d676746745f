"""One claude-agent-sdk run: connect, send the prompt, pass every message on, stop on request.

Stopping is the SDK's interrupt (the CLI ends the turn and reports a result), then the
end of the CLI process (stdin closed, then SIGTERM, then SIGKILL — the SDK's own
escalation). Everything happens in the task that called `run_agent`, as the SDK asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from claude_agent_sdk import ClaudeAgentOptions, ClaudeSDKClient, Message

from services.orchestrator.agents.messages import Reading, read
from services.orchestrator.agents.outcome import RunOutcome
from shared.contract.enums import AgentStatus
from shared.contract.wire import Usage

log = logging.getLogger(__name__)

INTERRUPT_TIMEOUT = 5.0
"""Seconds to wait for the CLI to acknowledge an interrupt."""
SHUTDOWN_INTERRUPT_TIMEOUT = 2.0
"""Seconds a shutdown waits for the CLI to acknowledge its interrupt."""
DRAIN_TIMEOUT = 5.0
"""Seconds to wait, after an interrupt, for the CLI's final result message."""

ReadingSink = Callable[[Reading], Awaitable[None]]
"""Receives what each message of the run said, in order."""


@dataclass
class _Seen:
    """What the run's messages have said so far."""

    scripted: bool
    started: float = field(default_factory=time.monotonic)
    claude_session_id: str | None = None
    model: str | None = None
    finished: bool = False
    usage: Usage = field(default_factory=Usage)
    duration_ms: int | None = None
    failure: str | None = None

    def note(self, message: Message, *, cancelled: bool = False) -> Reading:
        reading = read(message, scripted=self.scripted, cancelled=cancelled)
        if reading.started is not None:
            self.claude_session_id = reading.started.claude_session_id or self.claude_session_id
            self.model = reading.started.model or self.model
        if (end := reading.finished) is not None:
            self.finished = True
            self.usage, self.duration_ms, self.failure = end.usage, end.duration_ms, end.failure
            self.claude_session_id = end.claude_session_id or self.claude_session_id
        return reading

    def outcome(self, *, stopped: bool, error: str | None) -> RunOutcome:
        duration = self.duration_ms
        if duration is None:
            duration = int((time.monotonic() - self.started) * 1000)
        if stopped:
            status, error = AgentStatus.CANCELLED, None
        elif self.finished and self.failure is None and error is None:
            status = AgentStatus.COMPLETED
        else:
            status = AgentStatus.FAILED
            error = error or self.failure or "the agent ended without a result"
        return RunOutcome(status, self.usage, duration, self.claude_session_id, self.model, error)


async def run_agent(
    options: ClaudeAgentOptions,
    prompt: str,
    sink: ReadingSink,
    stop: asyncio.Event,
    *,
    scripted: bool = False,
) -> RunOutcome:
    """Run one agent to its end, or until `stop` is set; what every message said goes to
    `sink` (`scripted` marks the journal entries of a run against the scripted model)."""
    seen = _Seen(scripted=scripted)
    if stop.is_set():
        return seen.outcome(stopped=True, error=None)
    client = ClaudeSDKClient(options)
    error: str | None = None
    stopped = False
    try:
        await client.connect()
        await client.query(prompt)
        stopped = await _pump(client, client.receive_response(), sink, seen, stop)
    except asyncio.CancelledError:
        # Shutdown. The SDK's disconnect gives the CLI 5 s to exit after stdin closes,
        # and a CLI inside a tool (a long Bash) uses them all before it is terminated;
        # interrupted first, it ends its tool and exits at once, so the orchestrator
        # still records the agent as interrupted within its stop time.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.interrupt(), SHUTDOWN_INTERRUPT_TIMEOUT)
        raise
    except Exception as exc:
        log.warning("agent run failed: %s", exc)
        error = f"{type(exc).__name__}: {exc}"
    finally:
        await client.disconnect()
    return seen.outcome(stopped=stopped, error=error)


async def _pump(
    client: ClaudeSDKClient,
    messages: AsyncIterator[Message],
    sink: ReadingSink,
    seen: _Seen,
    stop: asyncio.Event,
) -> bool:
    """Deliver messages until the result; True if the run was stopped on request."""
    stop_wait = asyncio.ensure_future(stop.wait())
    next_message: asyncio.Future[Message] | None = None
    try:
        while True:
            next_message = asyncio.ensure_future(anext(messages))
            await asyncio.wait({next_message, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
            if not next_message.done():
                await _interrupt(client)
                await _drain(next_message, messages, sink, seen)
                return True
            try:
                message = next_message.result()
            except StopAsyncIteration:
                return False
            await sink(seen.note(message))
    finally:
        stop_wait.cancel()
        if next_message is not None and not next_message.done():
            # Only when this task itself is being cancelled (shutdown).
            next_message.cancel()


async def _interrupt(client: ClaudeSDKClient) -> None:
    try:
        await asyncio.wait_for(client.interrupt(), INTERRUPT_TIMEOUT)
    except Exception as exc:
        # The process is ended by disconnect() anyway.
        log.info("interrupt not acknowledged: %s", exc)


async def _drain(
    pending: asyncio.Future[Message],
    messages: AsyncIterator[Message],
    sink: ReadingSink,
    seen: _Seen,
) -> None:
    """Record what the CLI says after an interrupt (normally its result), briefly."""
    deadline = time.monotonic() + DRAIN_TIMEOUT
    future: asyncio.Future[Message] = pending
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = await asyncio.wait_for(asyncio.shield(future), left)
        except (TimeoutError, StopAsyncIteration):
            break
        except Exception as exc:
            log.info("after interrupt: %s", exc)
            break
        reading = seen.note(message, cancelled=True)
        await sink(reading)
        if reading.finished is not None:
            break
        future = asyncio.ensure_future(anext(messages))
    if not future.done():
        future.cancel()
        with contextlib.suppress(BaseException):
            await future
