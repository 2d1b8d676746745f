"""Scripts of a supervised build agent (tests/orchestrator/test_supervised.py): its Bash
calls and its question wait for the user's answer.

`[scripted:supervised]` runs `echo supervised-probe > probe.txt` with Bash, writes a
file (pre-approved: no one is asked), then runs the same command again — allowed for the
session, the second call asks nobody — and says it is done. `[scripted:ask]` asks the
user one question with the ask-user tool, then writes the answer it got (the tool's
result, as the CLI gave it back) to `answer.txt` with Bash. `[scripted:mcp]` says
whether the request offered the repository's MCP tool (`mcp__repo__note`), calls it
all the same, then runs `echo repo-rules > bash.txt` with Bash (which a repository's
settings might try to pre-approve).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.scripted_model.turns import Context, Turn

SUPERVISED = "[scripted:supervised]"
ASK = "[scripted:ask]"
MCP = "[scripted:mcp]"
MCP_TOOL = "mcp__repo__note"
REPO_COMMAND = "echo repo-rules > bash.txt"
PROBE_COMMAND = "echo supervised-probe > probe.txt"
QUESTION = "Which greeting should the module use?"


def _tool_results(request: dict[str, Any]) -> list[str]:
    """The text of every tool result in the conversation, oldest first."""
    found: list[str] = []
    for message in request.get("messages") or []:
        for block in message.get("content") or []:
            if isinstance(block, dict) and block.get("type") == "tool_result":
                content = block.get("content")
                if isinstance(content, list):
                    content = " ".join(str(part.get("text", "")) for part in content)
                found.append(str(content))
    return found


def offered(request: dict[str, Any], name: str) -> bool:
    """Whether the request lists the tool `name` among those the model may call."""
    return any(isinstance(t, dict) and t.get("name") == name for t in request.get("tools") or [])


def supervised_turn(ctx: Context, request: dict[str, Any]) -> Turn | None:
    """The turn of a supervised script, or None when the prompt asks for none."""
    if SUPERVISED in ctx.prompt:
        steps: list[Callable[[], Turn]] = [
            lambda: Turn().use("Bash", command=PROBE_COMMAND, description="Write the probe file"),
            lambda: Turn().use(
                "Write", file_path=f"{ctx.project}/between.txt", content="between the probes\n"
            ),
            lambda: Turn().use("Bash", command=PROBE_COMMAND, description="Write it once more"),
            lambda: Turn().say("Supervised probe done."),
        ]
    elif ASK in ctx.prompt:
        said = (_tool_results(request) or [""])[-1].replace("'", "")
        steps = [
            lambda: Turn().use(
                "AskUserQuestion",
                questions=[
                    {
                        "question": QUESTION,
                        "header": "Greeting",
                        "options": [
                            {"label": "Hello", "description": "A plain hello"},
                            {"label": "Ahoy", "description": "A sailor's greeting"},
                        ],
                        "multiSelect": False,
                    }
                ],
            ),
            lambda: Turn().use(
                "Bash", command=f"echo '{said}' > answer.txt", description="Keep the answer"
            ),
            lambda: Turn().say("Asked and noted."),
        ]
    elif MCP in ctx.prompt:
        answer = "yes" if offered(request, MCP_TOOL) else "no"
        steps = [
            lambda: Turn().say(f"MCP tool offered: {answer}").use(MCP_TOOL, text="from the agent"),
            lambda: Turn().use("Bash", command=REPO_COMMAND, description="Run it"),
            lambda: Turn().say("Tried the repository's tools."),
        ]
    else:
        return None
    return steps[ctx.step]() if ctx.step < len(steps) else Turn().say("Done.")
