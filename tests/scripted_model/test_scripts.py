"""The scripted model picks its turn from the phase and the conversation so far."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services.scripted_model import scripts, sse

SYSTEM = "Pilothouse phase: {phase}\nArtifact directory: /art\nProject directory: /proj\n"


def _request(
    phase: str, assistant_turns: int = 0, prompt: str = "Add a greeting"
) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": [{"type": "text", "text": prompt}]}
    ]
    for _ in range(assistant_turns):
        messages.append({"role": "assistant", "content": [{"type": "text", "text": "..."}]})
        messages.append(
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "t", "content": "ok"}],
            }
        )
    return {
        "model": "claude-sonnet-4-5",
        "stream": True,
        "system": [{"type": "text", "text": SYSTEM.format(phase=phase)}],
        "messages": messages,
    }


def test_context_comes_from_the_system_prompt() -> None:
    ctx = scripts.read_context(_request("plan", assistant_turns=2))
    assert ctx is not None
    assert (ctx.phase, ctx.artifacts, ctx.project, ctx.step) == ("plan", "/art", "/proj", 2)


def test_requests_without_a_phase_get_a_short_answer() -> None:
    turn = scripts.next_turn({"messages": [{"role": "user", "content": "hello"}]})
    assert turn.blocks == [{"type": "text", "text": "OK."}]
    assert turn.stop_reason == "end_turn"


@pytest.mark.parametrize(
    ("phase", "first_tool", "target"),
    [
        ("spec", "Write", "/art/spec.md"),
        ("plan", "Read", "/art/spec.md"),
        ("build", "Read", "/art/plan.json"),
        ("docs", "Write", "/proj/PILOTHOUSE_NOTES.md"),
    ],
)
def test_each_phase_starts_with_its_tool(phase: str, first_tool: str, target: str) -> None:
    turn = scripts.next_turn(_request(phase))
    tools = [block for block in turn.blocks if block["type"] == "tool_use"]
    assert tools[0]["name"] == first_tool
    assert tools[0]["input"]["file_path"] == target
    assert turn.stop_reason == "tool_use"


def test_script_walks_to_a_final_text() -> None:
    names = []
    for step in range(20):
        turn = scripts.next_turn(_request("build", assistant_turns=step))
        names += [block["name"] for block in turn.blocks if block["type"] == "tool_use"]
        if turn.stop_reason == "end_turn":
            break
    assert names == ["Read", "Bash", "Write", "Edit", "Read", "Write"]
    assert turn.blocks[-1]["type"] == "text"


def test_slow_directive_makes_build_sleep() -> None:
    turn = scripts.next_turn(_request("build", assistant_turns=1, prompt="go [scripted:slow]"))
    assert turn.blocks[0]["input"]["command"] == scripts.SLOW_COMMAND
    assert "sleep(30)" in scripts.SLOW_COMMAND


def test_fail_directive_raises() -> None:
    with pytest.raises(scripts.ScriptedFailure, match="spec"):
        scripts.next_turn(_request("spec", prompt="x [scripted:fail]"))


def _replay(stream: list[bytes]) -> dict[str, Any]:
    """Rebuild the message from its server-sent events, as a client would."""
    message: dict[str, Any] = {}
    partial: dict[int, str] = {}
    for chunk in stream:
        event, data = chunk.decode().strip().split("\n")
        payload = json.loads(data.removeprefix("data: "))
        assert event == f"event: {payload['type']}"
        if payload["type"] == "message_start":
            message = payload["message"]
        elif payload["type"] == "content_block_start":
            message["content"].append(payload["content_block"])
        elif payload["type"] == "content_block_delta":
            block, delta = message["content"][payload["index"]], payload["delta"]
            if delta["type"] == "text_delta":
                block["text"] += delta["text"]
            elif delta["type"] == "thinking_delta":
                block["thinking"] += delta["thinking"]
            elif delta["type"] == "signature_delta":
                block["signature"] = delta["signature"]
            elif delta["type"] == "input_json_delta":
                partial[payload["index"]] = (
                    partial.get(payload["index"], "") + delta["partial_json"]
                )
        elif payload["type"] == "message_delta":
            message["stop_reason"] = payload["delta"]["stop_reason"]
            message["usage"]["output_tokens"] = payload["usage"]["output_tokens"]
    for index, text in partial.items():
        message["content"][index]["input"] = json.loads(text)
    return message


def test_stream_reassembles_to_the_turn() -> None:
    request = _request("spec")
    turn = scripts.next_turn(request)
    message = _replay(list(sse.stream_turn(request, turn)))
    assert message["stop_reason"] == "tool_use"
    assert [block["type"] for block in message["content"]] == ["thinking", "text", "tool_use"]
    assert message["content"][2]["input"] == turn.blocks[2]["input"]
    assert message["content"][0]["thinking"] == turn.blocks[0]["thinking"]
    assert message["content"][0]["signature"]
    assert message["usage"]["output_tokens"] > 10
    assert message["usage"]["cache_creation_input_tokens"] > 0


def test_later_turns_read_the_prefix_from_cache() -> None:
    request = _request("spec", assistant_turns=1)
    usage = sse.usage_for(request, scripts.next_turn(request))
    assert usage["cache_read_input_tokens"] > 0
    assert usage["cache_creation_input_tokens"] == 0
