"""How an agent run ended: the runner's report to the pipeline, free of SDK types."""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.contract.enums import AgentStatus
from shared.contract.wire import Usage


@dataclass(frozen=True)
class RunOutcome:
    """How a run ended, from its result message (or the lack of one)."""

    status: AgentStatus
    usage: Usage = field(default_factory=Usage)
    duration_ms: int = 0
    claude_session_id: str | None = None
    model: str | None = None
    error: str | None = None
