"""The messages of the build agent's rounds after the pipeline: fix (a failing required
gate), comments (request changes) and follow-up (the user's message). Each starts with a
marker line the scripted model recognises, and is sent in the build agent's own
conversation (resumed), so it needs no more context than what changed since."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

FIX_MARKER = "Pilothouse fix round."
COMMENTS_MARKER = "Pilothouse review round."
FOLLOW_UP_MARKER = "Pilothouse follow-up."


@dataclass(frozen=True)
class FailedGate:
    name: str
    command: str
    outcome: str
    exit_code: int | None
    tail: str


@dataclass(frozen=True)
class SentComment:
    path: str
    side: str
    line_start: int
    line_end: int
    body: str
    excerpt: str


def _fenced(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}\n{text.rstrip()}\n{fence}"


def fix_prompt(failed: Sequence[FailedGate], round_number: int, rounds: int) -> str:
    """Tell the build agent which required gates failed, with the end of their output."""
    parts = [
        FIX_MARKER,
        f"Pilothouse ran the project's QA gates on your work and {len(failed)} required"
        f" gate(s) failed (fix round {round_number} of {rounds}). Repair what they report;"
        " the gates run again when you are done. Do not weaken or skip the checks, and do"
        " not run git commit: Pilothouse commits your changes.",
    ]
    for gate in failed:
        how = gate.outcome.replace("_", " ")
        code = f", exit code {gate.exit_code}" if gate.exit_code is not None else ""
        parts.append(f"Gate: {gate.name} ({how}{code})\nCommand: {gate.command}\nOutput (end):")
        parts.append(_fenced(gate.tail or "(no output)"))
    return "\n\n".join(parts)


def comments_prompt(comments: Sequence[SentComment]) -> str:
    """Every unresolved review comment, with its file, lines and the code it is about."""
    parts = [
        COMMENTS_MARKER,
        f"The reviewer left {len(comments)} comment(s) on your changes. Address each one"
        " in the files; the QA gates run again when you are done. Do not run git commit.",
    ]
    for comment in comments:
        lines = (
            f"line {comment.line_start}"
            if comment.line_start == comment.line_end
            else f"lines {comment.line_start}-{comment.line_end}"
        )
        side = "" if comment.side == "new" else " (of the old version, before your change)"
        parts.append(f"File: {comment.path}, {lines}{side}")
        parts.append(_fenced(comment.excerpt or "(no excerpt)"))
        parts.append(f"Comment: {comment.body}")
    return "\n\n".join(parts)


def follow_up_prompt(message: str) -> str:
    """The user's follow-up message, as a new round of the build agent."""
    return (
        f"{FOLLOW_UP_MARKER}\n"
        "The user has a follow-up on this session's work. Make the changes it asks for in"
        " your working directory; the QA gates run when you are done. Do not run git commit."
        f"\n\nMessage:\n{message}"
    )
