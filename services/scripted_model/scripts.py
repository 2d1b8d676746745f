"""What the scripted model says: one scripted turn per request, chosen per phase.

The orchestrator's system prompt names the phase and the directories
(`Pilothouse phase: build`, `Artifact directory: /abs`, `Project directory: /abs`);
the number of assistant turns already in the conversation says how far the script
has got. Each turn is the content the real model would have streamed: thinking,
text, and tool calls that the real Claude Code CLI then executes in the project.

Directives in the user's prompt steer tests: `[scripted:slow]` makes the build phase
run `sleep 30` (something to cancel or crash in the middle of), `[scripted:fail]`
makes the model answer with an API error.

`[scripted:supervised]` and `[scripted:ask]` make the build phase call Bash twice with the
same command, and ask the user a question; `[scripted:mcp]` calls a repository's MCP
tool, then Bash (supervised.py).

`[scripted:probe]` turns the build phase into an attempt to break out of the fence: each
prompt line `probe-bash: <command>` is run with Bash (`probe-unsandboxed:` asking Bash to
leave the sandbox), `probe-read: <path>` with Read and
`probe-write: <path>` with Write, one tool call per turn, in the prompt's order.

It does not read the request, and says so (`NOT_READ`) in the spec it writes and in its
first message. The build phase creates `hello_pilothouse.py` (naming the request, so two
sessions' changes differ) and then edits it. A round of the build agent (its latest
message starts with a round's marker) follows rounds.py: resolve, fix, review comments,
follow-up.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from collections.abc import Callable
from typing import Any

from services.scripted_model.rounds import MARKERS, RESOLVE, resolved, round_turn
from services.scripted_model.supervised import supervised_turn
from services.scripted_model.turns import SLOW, Context, Turn

PHASE_RE = re.compile(r"Pilothouse phase:\s*(\w+)")
ARTIFACT_RE = re.compile(r"Artifact directory:\s*(\S+)")
PROJECT_RE = re.compile(r"Project directory:\s*(\S+)")
CWD_RE = re.compile(r"Primary working directory:\s*(\S+)")

SLOW_COMMAND = f"{shlex.quote(sys.executable)} -c 'import time; time.sleep(30)'"
"""Thirty seconds of work. Not `sleep 30`: Claude Code's Bash tool refuses a bare sleep
("Blocked: standalone sleep 30") and the phase would finish at once."""
FAIL = "[scripted:fail]"
PROBE = "[scripted:probe]"
PROBE_RE = re.compile(r"^probe-(bash|unsandboxed|read|write):\s*(.+)$", re.MULTILINE)


class ScriptedFailure(Exception):
    """The script asks for an API error instead of a message."""


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "\n".join(
        str(block.get("text", ""))
        for block in content or []
        if isinstance(block, dict) and block.get("type") == "text"
    )


def read_context(request: dict[str, Any]) -> Context | None:
    """The phase context of a Messages API request, or None if it isn't a phase request."""
    system = _text_of(request.get("system"))
    messages = request.get("messages") or []
    phase = PHASE_RE.search(system)
    if not phase:
        return None
    user_text = "\n".join(_text_of(m.get("content")) for m in messages if m.get("role") == "user")
    artifacts = ARTIFACT_RE.search(system)
    project = PROJECT_RE.search(system) or CWD_RE.search(user_text)
    # The latest round's message (the CLI adds text of its own, reminders, to the user
    # messages that carry tool results, so "the latest text" would not find it).
    rounds = [
        (index, _text_of(m.get("content")))
        for index, m in enumerate(messages)
        if m.get("role") == "user" and any(mark in _text_of(m.get("content")) for mark in MARKERS)
    ]
    round_step, latest = None, ""
    if rounds:
        at, latest = rounds[-1]
        round_step = sum(1 for m in messages[at:] if m.get("role") == "assistant")
    return Context(
        phase=phase.group(1),
        artifacts=artifacts.group(1) if artifacts else "",
        project=project.group(1) if project else "",
        prompt=user_text,
        step=sum(1 for m in messages if m.get("role") == "assistant"),
        round_step=round_step,
        latest=latest,
    )


def _state_steps(ctx: Context, status: str, note: str) -> list[Callable[[], Turn]]:
    """Read state.json (the CLI refuses to overwrite a file it has not read), then write it."""
    path = f"{ctx.artifacts}/state.json"
    content = json.dumps({"phase": ctx.phase, "status": status, "note": note, "scripted": True})
    return [
        lambda: Turn().use("Read", file_path=path),
        lambda: Turn().use("Write", file_path=path, content=content),
    ]


NOT_READ = (
    "Scripted demo: this model does not read the request. Whatever was asked, it writes "
    "the same small greeting module (`hello_pilothouse.py` with `greet()`) and notes. "
    "Run with Claude (credentials set) to have the request itself carried out."
)
"""Said in the spec it writes and in its first message, so no one mistakes its work
for an answer to their request."""

SPEC = """# {title}

> **{not_read}**

## The request (not read by the scripted model)
{goal}

## What the scripted demo does instead
1. Creates `hello_pilothouse.py` with `greet()`, then makes `greet()` take a name.
2. Documents it in `PILOTHOUSE_NOTES.md`.
3. Changes nothing else.

## Acceptance
- `hello_pilothouse.py` exists and `greet()` returns a greeting.
- Notes for users live in `PILOTHOUSE_NOTES.md`.
"""

PLAN = {
    "summary": "Scripted plan: add a greeting module and document it.",
    "steps": [
        {
            "id": 1,
            "title": "Create hello_pilothouse.py with greet()",
            "files": ["hello_pilothouse.py"],
        },
        {"id": 2, "title": "Make greet() take a name", "files": ["hello_pilothouse.py"]},
        {"id": 3, "title": "Document the change", "files": ["PILOTHOUSE_NOTES.md"]},
    ],
}


def _spec(ctx: Context) -> Turn:
    goal = ctx.prompt.strip().splitlines()[-1][:200] if ctx.prompt.strip() else "(no prompt)"
    steps = [
        lambda: (
            Turn()
            .think("The user wants a specification first. I will write spec.md.")
            .say(f"{NOT_READ} I'll write the demo's specification.")
            .use(
                "Write",
                file_path=f"{ctx.artifacts}/spec.md",
                content=SPEC.format(title=ctx.goal[:72], goal=goal, not_read=NOT_READ),
            )
        ),
        *_state_steps(ctx, "spec-written", "spec.md is ready for planning"),
        lambda: Turn().say("The specification is in `spec.md`. Ready for planning."),
    ]
    return _pick(steps, ctx)


def _plan(ctx: Context) -> Turn:
    steps = [
        lambda: Turn().say("Reading the spec.").use("Read", file_path=f"{ctx.artifacts}/spec.md"),
        lambda: (
            Turn()
            .think("Three steps are enough for this change.")
            .use(
                "Write", file_path=f"{ctx.artifacts}/plan.json", content=json.dumps(PLAN, indent=2)
            )
        ),
        *_state_steps(ctx, "planned", "plan.json has 3 steps"),
        lambda: Turn().say("The plan has **3 steps**; see `plan.json`."),
    ]
    return _pick(steps, ctx)


def _probe(ctx: Context) -> Turn:
    """One probe of the fence per turn, then a summary."""
    probes = PROBE_RE.findall(ctx.prompt)
    if ctx.step >= len(probes):
        return Turn().say(f"Tried {len(probes)} ways out of the workspace.")
    tool, target = probes[ctx.step]
    target = target.strip()
    if tool == "bash":
        return Turn().use("Bash", command=target, description="Probe the fence")
    if tool == "unsandboxed":
        return Turn().use(
            "Bash", command=target, description="Probe the fence", dangerouslyDisableSandbox=True
        )
    if tool == "read":
        return Turn().use("Read", file_path=target)
    return Turn().use("Write", file_path=target, content="written by a probing agent\n")


def _build(ctx: Context) -> Turn:
    if ctx.round_step is not None:
        return round_turn(ctx)
    if PROBE in ctx.prompt:
        return _probe(ctx)
    module = f"{ctx.project}/hello_pilothouse.py"
    command = SLOW_COMMAND if ctx.slow else "ls -1"
    first = f'"""{ctx.goal}"""\n\n\ndef greet():\n    return "Hello from Pilothouse"\n'
    steps = [
        lambda: (
            Turn().say("Following the plan.").use("Read", file_path=f"{ctx.artifacts}/plan.json")
        ),
        lambda: Turn().use("Write", file_path=module, content=first),
        # After the first write: a crash in this (slow) step leaves that change behind.
        lambda: Turn().use("Bash", command=command, description="Look at the project"),
        lambda: (
            Turn()
            .say("Now let `greet()` take a name.")
            .use(
                "Edit",
                file_path=module,
                old_string='def greet():\n    return "Hello from Pilothouse"\n',
                new_string='def greet(name: str = "world") -> str:\n'
                '    return f"Hello, {name}, from Pilothouse"\n',
            )
        ),
        *_state_steps(ctx, "built", "hello_pilothouse.py written and edited"),
        lambda: Turn().say("Built: `hello_pilothouse.py` now has `greet(name)`."),
    ]
    return _pick(steps, ctx)


def _docs(ctx: Context) -> Turn:
    steps = [
        lambda: Turn().use(
            "Write",
            file_path=f"{ctx.project}/PILOTHOUSE_NOTES.md",
            content=f"# Notes\n\n{ctx.goal}\n\n`hello_pilothouse.greet(name)` greets.\n",
        ),
        *_state_steps(ctx, "documented", "PILOTHOUSE_NOTES.md written"),
        lambda: Turn().say("Documented the change in `PILOTHOUSE_NOTES.md`."),
    ]
    return _pick(steps, ctx)


def _debug(ctx: Context) -> Turn:
    steps = [
        lambda: (
            Turn()
            .think("Start with what the project looks like.")
            .use("Bash", command="ls -1", description="List project files")
        ),
        lambda: Turn().use(
            "Write",
            file_path=f"{ctx.artifacts}/debug/report.md",
            content="# Debug report (scripted)\n\nNothing is broken; the files are as planned.\n",
        ),
        lambda: Turn().say("Findings are in `debug/report.md`."),
    ]
    return _pick(steps, ctx)


def _pick(steps: list[Callable[[], Turn]], ctx: Context) -> Turn:
    if ctx.step < len(steps):
        return steps[ctx.step]()
    return Turn().say("Done.")


SCRIPTS: dict[str, Callable[[Context], Turn]] = {
    "spec": _spec,
    "plan": _plan,
    "build": _build,
    "docs": _docs,
    "debug": _debug,
}


def next_turn(request: dict[str, Any]) -> Turn:
    """The scripted answer to a Messages API request (raises ScriptedFailure on request)."""
    ctx = read_context(request)
    if ctx is None:
        # Not one of our agents (e.g. a helper request of the CLI): answer briefly.
        return Turn().say("OK.")
    if FAIL in ctx.prompt:
        raise ScriptedFailure(f"scripted failure requested for the {ctx.phase} phase")
    if ctx.phase == "build" and ctx.round_step is None:
        supervised = supervised_turn(ctx, request)
        if supervised is not None:
            return supervised
    script = SCRIPTS.get(ctx.phase)
    if script is None:
        return Turn().say(f"No script for phase {ctx.phase!r}.")
    return script(ctx)


__all__ = ["RESOLVE", "SLOW", "Context", "ScriptedFailure", "Turn", "next_turn", "resolved"]
