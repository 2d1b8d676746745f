"""SDK messages become journal entries with the contract's payloads, long text clipped."""

from __future__ import annotations

import msgspec
from claude_agent_sdk import (
    AssistantMessage,
    ResultMessage,
    SystemMessage,
    TextBlock,
    ThinkingBlock,
    ToolResultBlock,
    ToolUseBlock,
    UserMessage,
)

from services.orchestrator.agents.messages import read
from shared.contract.enums import EventKind
from shared.contract.events import EventView
from shared.contract.payloads import MAX_TEXT_CHARS, ResultPayload
from shared.db.schema import MAX_PAYLOAD_BYTES


def _as_client_decodes(kind: EventKind, payload: object) -> EventView:
    """An event of `kind` with `payload`, decoded by the union: the payload must be its kind's."""
    row = {"id": 1, "position": 1, "token": "1", "project_id": None, "session_id": None}
    row |= {"agent_id": None, "created_at": "2026-01-01T00:00:00Z"}
    decoded: EventView = msgspec.convert(row | {"kind": kind.value, "payload": payload}, EventView)
    return decoded


def _decoded(message: object) -> list[tuple[EventKind, dict[str, object]]]:
    found = read(message, scripted=True).entries  # type: ignore[arg-type]
    result = []
    for kind, payload in found:
        plain = msgspec.to_builtins(payload)
        _as_client_decodes(kind, plain)  # the shape the contract promises
        result.append((kind, plain))
    return result


def test_assistant_blocks_in_order() -> None:
    message = AssistantMessage(
        content=[
            ThinkingBlock(thinking="hmm", signature="s"),
            TextBlock(text="I'll write it."),
            ToolUseBlock(id="t1", name="Write", input={"file_path": "/a", "content": "x"}),
        ],
        model="m",
    )
    assert _decoded(message) == [
        (EventKind.THINKING, {"text": "hmm", "truncated": False}),
        (EventKind.TEXT, {"text": "I'll write it.", "truncated": False}),
        (
            EventKind.TOOL_USE,
            {
                "tool_use_id": "t1",
                "name": "Write",
                "input": {"file_path": "/a", "content": "x"},
                "truncated": False,
            },
        ),
    ]


def test_tool_results_and_user_text() -> None:
    message = UserMessage(
        content=[
            ToolResultBlock(
                tool_use_id="t1", content=[{"type": "text", "text": "ok"}], is_error=None
            ),
            TextBlock(text="[Request interrupted by user]"),
        ]
    )
    assert _decoded(message) == [
        (
            EventKind.TOOL_RESULT,
            {"tool_use_id": "t1", "content": "ok", "is_error": False, "truncated": False},
        ),
        (EventKind.USER, {"text": "[Request interrupted by user]"}),
    ]


def test_long_text_and_big_inputs_are_clipped_and_marked() -> None:
    huge = "y" * (MAX_TEXT_CHARS * 3)
    message = AssistantMessage(
        content=[
            TextBlock(text=huge + "\x00"),
            ToolUseBlock(id="t", name="Write", input={"content": huge, "more": [huge, huge, huge]}),
        ],
        model="m",
    )
    (text_kind, text), (tool_kind, tool) = _decoded(message)
    assert text == {"text": "y" * MAX_TEXT_CHARS, "truncated": True}
    assert tool["truncated"] is True
    for _, payload in ((text_kind, text), (tool_kind, tool)):
        assert len(msgspec.json.encode(payload)) < MAX_PAYLOAD_BYTES


def test_nul_characters_are_replaced() -> None:
    ((_, text),) = _decoded(AssistantMessage(content=[TextBlock(text="a\x00b")], model="m"))
    assert text["text"] == "a\ufffdb"


def test_init_and_result() -> None:
    init = SystemMessage(
        subtype="init",
        data={
            "type": "system",
            "subtype": "init",
            "session_id": "c-1",
            "model": "opus",
            "cwd": "/p",
            "tools": ["Read"],
            "permissionMode": "acceptEdits",
        },
    )
    ((kind, payload),) = _decoded(init)
    assert kind is EventKind.SYSTEM
    assert payload["claude_session_id"] == "c-1"
    assert payload["scripted"] is True
    assert payload["tools"] == ["Read"]
    assert payload["data"] == {"permissionMode": "acceptEdits"}

    result = ResultMessage(
        subtype="success",
        duration_ms=1200,
        duration_api_ms=900,
        is_error=False,
        num_turns=3,
        session_id="c-1",
        total_cost_usd=0.25,
        usage={
            "input_tokens": 10,
            "output_tokens": 20,
            "cache_read_input_tokens": 30,
            "cache_creation_input_tokens": 40,
        },
        result="done",
    )
    assert _decoded(result) == [
        (
            EventKind.RESULT,
            {
                "subtype": "success",
                "is_error": False,
                "cost_usd": 0.25,
                "input_tokens": 10,
                "output_tokens": 20,
                "cache_read_tokens": 30,
                "cache_creation_tokens": 40,
                "turns": 3,
                "duration_ms": 1200,
                "result": "done",
                "cancelled": False,
            },
        )
    ]


def _result_message(subtype: str, *, is_error: bool) -> ResultMessage:
    return ResultMessage(
        subtype=subtype,
        duration_ms=10,
        duration_api_ms=5,
        is_error=is_error,
        num_turns=1,
        session_id="c-1",
    )


def test_a_failure_never_reads_as_success() -> None:
    # Claude Code reports an API error as an error result of subtype "success".
    ((_, payload),) = read(_result_message("success", is_error=True), scripted=True).entries
    assert isinstance(payload, ResultPayload)
    assert payload.outcome == "failed"
    ((_, payload),) = read(_result_message("error_max_turns", is_error=True), scripted=True).entries
    assert isinstance(payload, ResultPayload)
    assert payload.outcome == "failed (error_max_turns)"
    ((_, payload),) = read(_result_message("success", is_error=False), scripted=True).entries
    assert isinstance(payload, ResultPayload)
    assert payload.outcome == "success"


def test_what_follows_a_cancel_reads_as_cancelled() -> None:
    ended = read(
        _result_message("error_during_execution", is_error=True), scripted=True, cancelled=True
    )
    ((_, payload),) = ended.entries
    assert isinstance(payload, ResultPayload)
    assert payload.cancelled
    assert payload.outcome == "cancelled"
    # Claude Code's note of the interrupt is no prompt anyone wrote.
    note = UserMessage(content="[Request interrupted by user for tool use]")
    assert _decoded_after_cancel(note) == [
        (
            EventKind.SYSTEM,
            {
                "subtype": "cancelled",
                "claude_session_id": None,
                "model": None,
                "cwd": None,
                "tools": [],
                "scripted": False,
                "data": {"text": "[Request interrupted by user for tool use]"},
            },
        )
    ]
    # Without a cancel, the same words stay a prompt.
    assert _decoded(note)[0][0] is EventKind.USER


def _decoded_after_cancel(message: object) -> list[tuple[EventKind, dict[str, object]]]:
    found = read(message, scripted=False, cancelled=True).entries  # type: ignore[arg-type]
    return [(kind, msgspec.to_builtins(payload)) for kind, payload in found]
