"""Agent log rows as the journal writes them: their shape, and COPY's text form of them.

A row is encoded once, when the entry is appended; flushing a batch is then a single
COPY of prepared text, which is the cheapest way into `events` measured here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import msgspec

from shared.contract.enums import EventKind

LogRow = tuple[int, int, int, str, bytes]
"""(project_id, session_id, agent_id, kind, payload as encoded JSON) of one log event."""

_ENCODER = msgspec.json.Encoder()


@dataclass(frozen=True)
class AgentScope:
    """The ids every log event of one agent carries."""

    project_id: int
    session_id: int
    agent_id: int

    def row(self, kind: EventKind, payload: msgspec.Struct) -> LogRow:
        """One encoded log event of this agent."""
        return (
            self.project_id,
            self.session_id,
            self.agent_id,
            kind.value,
            _ENCODER.encode(payload),
        )


LOG_COPY = "COPY events (project_id, session_id, agent_id, kind, payload) FROM STDIN"


def copy_text(rows: Sequence[LogRow]) -> bytes:
    """Log rows in COPY's text format. msgspec's JSON never holds a raw tab, newline or
    carriage return, so doubling backslashes is all the escaping the format needs."""
    return b"".join(
        b"%d\t%d\t%d\t%s\t%s\n"
        % (project_id, session_id, agent_id, kind.encode(), payload.replace(b"\\", b"\\\\"))
        for project_id, session_id, agent_id, kind, payload in rows
    )
