"""What each kind of agent is told and may use: system prompt, first message, tool set.

The system prompt always carries the lines `Pilothouse phase: <kind>` and
`Artifact directory: <path>`; the scripted model server picks its script from them, and
they tell a real Claude where the session's shared files live.
"""

from __future__ import annotations

from pathlib import Path

from shared.contract.enums import AgentKind

READ_TOOLS = ["Read", "Glob", "Grep"]
EDIT_TOOLS = ["Write", "Edit"]

TOOLS: dict[AgentKind, list[str]] = {
    AgentKind.SPEC: [*READ_TOOLS, *EDIT_TOOLS],
    AgentKind.PLAN: [*READ_TOOLS, *EDIT_TOOLS],
    AgentKind.BUILD: [*READ_TOOLS, *EDIT_TOOLS, "Bash"],
    AgentKind.DOCS: [*READ_TOOLS, *EDIT_TOOLS],
    AgentKind.DEBUG: [*READ_TOOLS, *EDIT_TOOLS, "Bash"],
}
"""Tools each kind may call without asking (there is nobody to ask)."""

_ROLE: dict[AgentKind, str] = {
    AgentKind.SPEC: "You write the specification. Do not change project files.",
    AgentKind.PLAN: "You turn the specification into a plan. Do not change project files.",
    AgentKind.BUILD: "You implement the plan in the project, keeping its tests passing.",
    AgentKind.DOCS: "You bring the project's documentation up to date with the change.",
    AgentKind.DEBUG: "You investigate a problem and report; change project files only if asked.",
}

_TASK: dict[AgentKind, str] = {
    AgentKind.SPEC: (
        "Write a specification for the request below into {artifacts}/spec.md: goal, scope, "
        "behaviour, acceptance criteria. Read the project as much as you need."
    ),
    AgentKind.PLAN: (
        "Read {artifacts}/spec.md and write the implementation plan into {artifacts}/plan.json "
        'as {{"steps": [{{"title": str, "files": [str], "done": false}}]}}.'
    ),
    AgentKind.BUILD: (
        "Carry out the plan in {artifacts}/plan.json in the project, step by step; mark each "
        "step done in plan.json as you finish it."
    ),
    AgentKind.DOCS: (
        "Read {artifacts}/spec.md and {artifacts}/plan.json and update the project's "
        "documentation (README, docs/) to describe what was built."
    ),
    AgentKind.DEBUG: "Investigate the following and write your findings under {artifacts}/debug/.",
}


def system_prompt(kind: AgentKind, artifacts: Path, project: Path) -> str:
    """The text appended to Claude Code's own system prompt for this agent."""
    return "\n".join(
        [
            f"Pilothouse phase: {kind.value}",
            f"Artifact directory: {artifacts}",
            f"Project directory: {project}",
            "",
            f"You are the {kind.value} agent of a Pilothouse session. {_ROLE[kind]}",
            "The artifact directory holds the session's shared files: spec.md, plan.json, "
            "state.json, context/, research/, debug/. Keep state.json current: a JSON object "
            'with "phase", "status" and "notes" for the next agent.',
        ]
    )


def task_prompt(kind: AgentKind, artifacts: Path, request: str) -> str:
    """The first message of a phase agent: its task, then the session's request."""
    task = _TASK[kind].format(artifacts=artifacts)
    return f"{task}\n\nRequest:\n{request}"


def resume_prompt(kind: AgentKind) -> str:
    """The message that continues an interrupted or failed agent in its own conversation."""
    return (
        f"You were interrupted during the {kind.value} phase. Check what is already done "
        "(files and state.json) and continue the task where you left off."
    )


RESOLVE_MARKER = "Pilothouse resolve round."
"""First line of a resolve round's message (the scripted model recognises it)."""


def resolve_prompt(base_ref: str, files: list[str]) -> str:
    """The message of a build agent round that resolves the conflicts of merging the base."""
    listed = "\n".join(f"- {name}" for name in files)
    return (
        f"{RESOLVE_MARKER}\n"
        f"Pilothouse merged {base_ref} into this session's branch in your working directory,"
        " and these files conflict (they hold <<<<<<< / ======= / >>>>>>> markers):\n"
        f"{listed}\n\n"
        "Edit each one so it keeps the intent of both sides, and leave no conflict marker."
        " Do not run git commit: Pilothouse commits the merge when you are done."
    )
