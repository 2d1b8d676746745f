"""The scripted model picks its turn from the phase and the conversation so far."""

from __future__ import annotations

import json
from pathlib import Path
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
    # Write before Bash: a crash in a slow Bash leaves the first version behind.
    assert names == ["Read", "Write", "Bash", "Edit", "Read", "Write"]
    assert turn.blocks[-1]["type"] == "text"


def test_slow_directive_makes_build_sleep() -> None:
    turn = scripts.next_turn(_request("build", assistant_turns=2, prompt="go [scripted:slow]"))
    assert turn.blocks[0]["input"]["command"] == scripts.SLOW_COMMAND
    assert "sleep(30)" in scripts.SLOW_COMMAND


def test_build_writes_the_request_into_the_module_then_edits_it() -> None:
    prompt = "Carry out the plan.\n\nRequest:\nGreet the moon"
    written = scripts.next_turn(_request("build", assistant_turns=1, prompt=prompt)).blocks[-1]
    assert written["name"] == "Write"
    assert written["input"]["content"].startswith('"""Greet the moon"""')
    edit = scripts.next_turn(_request("build", assistant_turns=3, prompt=prompt)).blocks[-1]
    assert edit["name"] == "Edit"
    assert edit["input"]["old_string"] in written["input"]["content"]


def test_the_spec_is_titled_after_the_request() -> None:
    prompt = "Write a specification.\n\nRequest:\nGreet the moon"
    spec = scripts.next_turn(_request("spec", prompt=prompt)).blocks[-1]["input"]["content"]
    assert spec.startswith("# Greet the moon\n")


def test_the_demo_says_plainly_it_did_not_read_the_request() -> None:
    prompt = "Write a specification.\n\nRequest:\nAdd multiply to calc.py"
    turn = scripts.next_turn(_request("spec", prompt=prompt))
    spec = turn.blocks[-1]["input"]["content"]
    # Said before anything else in the spec, and in what the agent says first.
    assert spec.splitlines()[2] == f"> **{scripts.NOT_READ}**"
    assert "does not read the request" in spec
    assert "## The request (not read by the scripted model)\nAdd multiply to calc.py" in spec
    said = next(block["text"] for block in turn.blocks if block["type"] == "text")
    assert said.startswith(scripts.NOT_READ)


def test_resolved_keeps_both_sides_without_markers() -> None:
    conflicted = (
        "top\n<<<<<<< HEAD\nours\n||||||| base\nold\n=======\ntheirs\n>>>>>>> 1234abc\nend\n"
    )
    assert scripts.resolved(conflicted) == "top\nours\ntheirs\nend\n"


def test_a_resolve_round_reads_then_rewrites_each_file(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> b\n")
    round_message = f"{scripts.RESOLVE}\nThese conflict:\n- a.py\n\nFix them."
    request = _request("build", assistant_turns=6)  # a build conversation, resumed
    request["system"][0]["text"] = request["system"][0]["text"].replace("/proj", str(tmp_path))
    request["messages"].append({"role": "user", "content": round_message})
    read = scripts.next_turn(request).blocks[-1]
    assert (read["name"], read["input"]["file_path"]) == ("Read", f"{tmp_path}/a.py")
    request["messages"] += [
        {"role": "assistant", "content": [{"type": "text", "text": "..."}]},
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "t", "content": ""},
                # The CLI adds reminders of its own as text beside tool results.
                {"type": "text", "text": "<system-reminder>…</system-reminder>"},
            ],
        },
    ]
    write = scripts.next_turn(request).blocks[-1]
    assert write["name"] == "Write"
    assert write["input"]["content"] == "x = 1\nx = 2\n"


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


def test_probe_directive_makes_one_tool_call_per_line_then_stops() -> None:
    prompt = (
        "Get out [scripted:probe]\nprobe-bash: env\nprobe-unsandboxed: cat /t\n"
        "probe-read: /t\nprobe-write: /x"
    )
    calls = []
    for step in range(4):
        [block] = scripts.next_turn(_request("build", step, prompt)).blocks
        calls.append((block["name"], block["input"]))
    assert calls == [
        ("Bash", {"command": "env", "description": "Probe the fence"}),
        (
            "Bash",
            {
                "command": "cat /t",
                "description": "Probe the fence",
                "dangerouslyDisableSandbox": True,
            },
        ),
        ("Read", {"file_path": "/t"}),
        ("Write", {"file_path": "/x", "content": "written by a probing agent\n"}),
    ]
    last = scripts.next_turn(_request("build", 4, prompt))
    assert [block["type"] for block in last.blocks] == ["text"]
