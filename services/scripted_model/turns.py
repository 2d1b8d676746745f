"""The scripted model's vocabulary: one assistant turn, and what a script knows of the
request it answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SLOW = "[scripted:slow]"


@dataclass
class Turn:
    """One assistant message: content blocks in order and why it stopped."""

    blocks: list[dict[str, Any]] = field(default_factory=list)
    stop_reason: str = "end_turn"

    def think(self, text: str) -> Turn:
        self.blocks.append({"type": "thinking", "thinking": text})
        return self

    def say(self, text: str) -> Turn:
        self.blocks.append({"type": "text", "text": text})
        return self

    def use(self, name: str, **tool_input: Any) -> Turn:
        index = sum(1 for block in self.blocks if block["type"] == "tool_use")
        self.blocks.append(
            {"type": "tool_use", "id": f"toolu_scripted_{index}", "name": name, "input": tool_input}
        )
        self.stop_reason = "tool_use"
        return self


@dataclass(frozen=True)
class Context:
    """What a script needs to know about the request it answers."""

    phase: str
    artifacts: str
    project: str
    prompt: str
    step: int
    round_step: int | None = None
    """Turns since the latest resolve round's message, when there is one."""
    latest: str = ""
    """That message's text."""

    @property
    def slow(self) -> bool:
        return SLOW in self.prompt

    @property
    def goal(self) -> str:
        """The request's first line, as the session was asked."""
        lines = [line for line in self.prompt.split("Request:", 1)[-1].splitlines() if line.strip()]
        return lines[0].strip()[:120] if lines else "(no prompt)"
