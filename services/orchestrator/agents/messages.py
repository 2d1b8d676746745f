"""SDK messages → what Pilothouse learns from them. The only module that reads the
claude-agent-sdk's message shapes: the runner and the pipeline get a `Reading` — the
message's journal entries (typed log payloads), and the facts of an init or result
message — and never look inside an SDK message themselves.

Long text (tool results, file contents in tool inputs) is cut to MAX_TEXT_CHARS and
marked `truncated`, which keeps every payload far below the table's size bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from claude_agent_sdk import (
    AssistantMessage,
    Message,
    ResultMessage,
    StreamEvent,
    SystemMessage,
    TextBlock,
    ThinkingBlock,
    ToolResultBlock,
    ToolUseBlock,
    UserMessage,
)

from shared.contract.enums import EventKind
from shared.contract.payloads import (
    MAX_TEXT_CHARS,
    ResultPayload,
    SystemPayload,
    TextPayload,
    ToolResultPayload,
    ToolUsePayload,
    UserPayload,
)
from shared.contract.wire import Usage

Entry = tuple[EventKind, msgspec.Struct]


@dataclass(frozen=True)
class Started:
    """The CLI's init message: the Claude conversation this run continues or starts."""

    claude_session_id: str | None
    model: str | None


@dataclass(frozen=True)
class Finished:
    """The run's result message."""

    usage: Usage
    duration_ms: int
    claude_session_id: str | None
    failure: str | None
    """Why the run failed, when the result says it did; None for a success."""


@dataclass(frozen=True)
class Reading:
    """One SDK message as Pilothouse sees it."""

    entries: list[Entry]
    started: Started | None = None
    finished: Finished | None = None


_INIT_FIELDS = ("session_id", "model", "cwd", "tools")


def clip(text: str) -> tuple[str, bool]:
    """`text` cut to MAX_TEXT_CHARS, and whether it was cut. NUL characters, which
    PostgreSQL's jsonb cannot hold, become U+FFFD."""
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return (text[:MAX_TEXT_CHARS], True) if len(text) > MAX_TEXT_CHARS else (text, False)


def clip_json(value: Any) -> tuple[Any, bool]:
    """A JSON value with every string clipped; the whole replaced by a clipped text preview
    if it is still too large."""
    clipped = False

    def walk(item: Any) -> Any:
        nonlocal clipped
        if isinstance(item, str):
            text, cut = clip(item)
            clipped = clipped or cut
            return text
        if isinstance(item, dict):
            return {str(key): walk(inner) for key, inner in item.items()}
        if isinstance(item, list | tuple):
            return [walk(inner) for inner in item]
        return item

    result = walk(value)
    encoded = msgspec.json.encode(result)
    if len(encoded) > 2 * MAX_TEXT_CHARS:
        return {"preview": encoded[:MAX_TEXT_CHARS].decode(errors="ignore")}, True
    return result, clipped


def _content_text(content: str | list[dict[str, Any]] | None) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    parts = [
        part.get("text", "") if part.get("type") == "text" else f"[{part.get('type')}]"
        for part in content
    ]
    return "\n".join(parts)


def _block(block: Any) -> Entry | None:
    if isinstance(block, TextBlock):
        text, cut = clip(block.text)
        return EventKind.TEXT, TextPayload(text=text, truncated=cut)
    if isinstance(block, ThinkingBlock):
        text, cut = clip(block.thinking)
        return EventKind.THINKING, TextPayload(text=text, truncated=cut)
    if isinstance(block, ToolUseBlock):
        tool_input, cut = clip_json(block.input)
        return EventKind.TOOL_USE, ToolUsePayload(
            tool_use_id=block.id, name=block.name, input=tool_input, truncated=cut
        )
    if isinstance(block, ToolResultBlock):
        content, cut = clip(_content_text(block.content))
        return EventKind.TOOL_RESULT, ToolResultPayload(
            tool_use_id=block.tool_use_id,
            content=content,
            is_error=bool(block.is_error),
            truncated=cut,
        )
    return None


def usage_of(result: ResultMessage) -> Usage:
    """Cost, tokens and turns of a finished agent run."""
    usage = result.usage or {}
    return Usage(
        cost_usd=float(result.total_cost_usd or 0.0),
        input_tokens=int(usage.get("input_tokens") or 0),
        output_tokens=int(usage.get("output_tokens") or 0),
        cache_read_tokens=int(usage.get("cache_read_input_tokens") or 0),
        cache_creation_tokens=int(usage.get("cache_creation_input_tokens") or 0),
        turns=int(result.num_turns or 0),
    )


def _system(message: SystemMessage, scripted: bool) -> Entry:
    data = message.data
    extra, _ = clip_json(
        {k: v for k, v in data.items() if k not in (*_INIT_FIELDS, "type", "subtype")}
    )
    tools = data.get("tools")
    return EventKind.SYSTEM, SystemPayload(
        subtype=message.subtype,
        claude_session_id=data.get("session_id"),
        model=data.get("model"),
        cwd=data.get("cwd"),
        tools=[str(tool) for tool in tools] if isinstance(tools, list) else [],
        scripted=scripted,
        data=extra,
    )


INTERRUPT_MARK = "[Request interrupted by user"
"""How Claude Code words the prompt it records when a run is interrupted (a cancel)."""


def _result(message: ResultMessage, *, cancelled: bool) -> Entry:
    usage = usage_of(message)
    text = message.result
    if text is None and message.errors:
        text = "; ".join(message.errors)
    return EventKind.RESULT, ResultPayload(
        subtype=message.subtype,
        is_error=message.is_error,
        cost_usd=usage.cost_usd,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cache_read_tokens=usage.cache_read_tokens,
        cache_creation_tokens=usage.cache_creation_tokens,
        turns=usage.turns,
        duration_ms=message.duration_ms,
        result=clip(text)[0] if text is not None else None,
        cancelled=cancelled,
    )


def _user_text(text: str, *, scripted: bool, cancelled: bool) -> Entry:
    """A prompt, except Claude Code's note of an interrupt after a cancel: that is no
    prompt anyone wrote, so it is journalled as a system note of subtype `cancelled`."""
    if cancelled and text.startswith(INTERRUPT_MARK):
        note = SystemPayload(subtype="cancelled", scripted=scripted, data={"text": text})
        return EventKind.SYSTEM, note
    return EventKind.USER, UserPayload(text=clip(text)[0])


def _user(message: UserMessage, *, scripted: bool, cancelled: bool) -> list[Entry]:
    if isinstance(message.content, str):
        return [_user_text(message.content, scripted=scripted, cancelled=cancelled)]
    found: list[Entry] = []
    for block in message.content:
        if isinstance(block, TextBlock):
            found.append(_user_text(block.text, scripted=scripted, cancelled=cancelled))
        elif (entry := _block(block)) is not None:
            found.append(entry)
    return found


def _other(message: object, scripted: bool) -> Entry:
    """Rate-limit notices, conversation resets, and message kinds newer than this code."""
    data, _ = clip_json(msgspec.to_builtins(message, enc_hook=str))
    return EventKind.SYSTEM, SystemPayload(
        subtype=type(message).__name__,
        scripted=scripted,
        data=data if isinstance(data, dict) else {"value": data},
    )


def _finished(message: ResultMessage) -> Finished:
    failure = None
    if message.is_error:
        failure = message.result or "; ".join(message.errors or []) or message.subtype
    return Finished(usage_of(message), message.duration_ms, message.session_id, failure)


def read(message: Message, *, scripted: bool, cancelled: bool = False) -> Reading:
    """What one SDK message says: its journal entries in order (partial stream events
    have none), and the facts of an init or a result message. `cancelled`: the message
    came after the run was interrupted for a cancel, so its error result is no failure."""
    if isinstance(message, AssistantMessage):
        return Reading([entry for block in message.content if (entry := _block(block))])
    if isinstance(message, UserMessage):
        return Reading(_user(message, scripted=scripted, cancelled=cancelled))
    if isinstance(message, StreamEvent):
        return Reading([])
    if isinstance(message, SystemMessage):
        started = None
        if message.subtype == "init":
            started = Started(message.data.get("session_id"), message.data.get("model"))
        return Reading([_system(message, scripted)], started=started)
    if isinstance(message, ResultMessage):
        return Reading([_result(message, cancelled=cancelled)], finished=_finished(message))
    return Reading([_other(message, scripted)])
