"""Encoding a scripted turn as the Messages API's server-sent event stream."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator
from typing import Any

from services.scripted_model.turns import Turn

CHUNK = 48
"""Text and JSON deltas are split into chunks of this many characters, as a model streams."""


def estimate_tokens(value: Any) -> int:
    """A rough token count (~4 characters a token), enough for realistic usage figures."""
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return max(1, len(text) // 4)


def usage_for(request: dict[str, Any], turn: Turn) -> dict[str, int]:
    """Usage as the API reports it: the stable prefix (system, tools) counts as cached."""
    prefix = estimate_tokens(request.get("system", "")) + estimate_tokens(request.get("tools", []))
    conversation = estimate_tokens(request.get("messages", []))
    first_turn = not any(m.get("role") == "assistant" for m in request.get("messages", []))
    return {
        "input_tokens": conversation,
        "cache_creation_input_tokens": prefix if first_turn else 0,
        "cache_read_input_tokens": 0 if first_turn else prefix,
        "output_tokens": sum(estimate_tokens(block) for block in turn.blocks),
    }


def _event(name: str, data: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n".encode()


def _chunks(text: str) -> Iterator[str]:
    for start in range(0, len(text), CHUNK):
        yield text[start : start + CHUNK]


def _block_events(index: int, block: dict[str, Any]) -> Iterator[bytes]:
    kind = block["type"]
    if kind == "text":
        yield _event(
            "content_block_start", {"index": index, "content_block": {"type": "text", "text": ""}}
        )
        for part in _chunks(block["text"]):
            yield _event(
                "content_block_delta",
                {"index": index, "delta": {"type": "text_delta", "text": part}},
            )
    elif kind == "thinking":
        thinking_start = {"type": "thinking", "thinking": "", "signature": ""}
        yield _event("content_block_start", {"index": index, "content_block": thinking_start})
        for part in _chunks(block["thinking"]):
            delta = {"type": "thinking_delta", "thinking": part}
            yield _event("content_block_delta", {"index": index, "delta": delta})
        signature = hashlib.sha256(block["thinking"].encode()).hexdigest()
        yield _event(
            "content_block_delta",
            {"index": index, "delta": {"type": "signature_delta", "signature": signature}},
        )
    elif kind == "tool_use":
        tool_start = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
        yield _event("content_block_start", {"index": index, "content_block": tool_start})
        for part in _chunks(json.dumps(block["input"])):
            delta = {"type": "input_json_delta", "partial_json": part}
            yield _event("content_block_delta", {"index": index, "delta": delta})
    else:
        raise ValueError(f"unknown block type {kind!r}")
    yield _event("content_block_stop", {"index": index})


def stream_turn(request: dict[str, Any], turn: Turn) -> Iterator[bytes]:
    """The full event stream of one assistant message."""
    usage = usage_for(request, turn)
    message = {
        "id": f"msg_scripted_{secrets.token_hex(8)}",
        "type": "message",
        "role": "assistant",
        "model": request.get("model", "scripted"),
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {**usage, "output_tokens": 1},
    }
    yield _event("message_start", {"message": message})
    for index, block in enumerate(turn.blocks):
        yield from _block_events(index, block)
    delta = {"stop_reason": turn.stop_reason, "stop_sequence": None}
    yield _event(
        "message_delta", {"delta": delta, "usage": {"output_tokens": usage["output_tokens"]}}
    )
    yield _event("message_stop", {})


def whole_message(request: dict[str, Any], turn: Turn) -> dict[str, Any]:
    """The same turn as a non-streaming response body."""
    return {
        "id": f"msg_scripted_{secrets.token_hex(8)}",
        "type": "message",
        "role": "assistant",
        "model": request.get("model", "scripted"),
        "content": [
            {**block, "signature": hashlib.sha256(block["thinking"].encode()).hexdigest()}
            if block["type"] == "thinking"
            else block
            for block in turn.blocks
        ],
        "stop_reason": turn.stop_reason,
        "stop_sequence": None,
        "usage": usage_for(request, turn),
    }
