"""Journal rows as the unit of work writes them: their shape, and COPY's text form of them.

A row is encoded once, when it is appended (a change event when its entity changes, a
log entry when the agent says it); at the end of the transaction every row of it goes in
with one COPY of prepared text, numbered from the first position the transaction took.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import msgspec

from shared.contract.enums import EventKind

LogRow = tuple[int | None, int | None, int | None, str, bytes]
"""(project_id, session_id, agent_id, kind, payload as encoded JSON) of one event."""

_NULL = b"\\N"
_ENCODER = msgspec.json.Encoder()


@dataclass(frozen=True)
class AgentScope:
    """The ids every log event of one agent (or, with agent_id None, of the session
    itself: its workspace, setup output and commits) carries."""

    project_id: int
    session_id: int
    agent_id: int | None

    def row(self, kind: EventKind, payload: msgspec.Struct) -> LogRow:
        """One encoded log event of this agent."""
        return (
            self.project_id,
            self.session_id,
            self.agent_id,
            kind.value,
            _ENCODER.encode(payload),
        )


def _number(value: int | None) -> bytes:
    return _NULL if value is None else b"%d" % value


def copy_text(first_position: int, rows: Sequence[LogRow]) -> bytes:
    """Rows in COPY's text format, at positions first_position, first_position + 1, ….
    msgspec's JSON never holds a raw tab, newline or carriage return, so doubling
    backslashes is all the escaping the format needs."""
    return b"".join(
        b"%d\t%s\t%s\t%s\t%s\t%s\n"
        % (
            position,
            _number(project_id),
            _number(session_id),
            _number(agent_id),
            kind.encode(),
            payload.replace(b"\\", b"\\\\"),
        )
        for position, (project_id, session_id, agent_id, kind, payload) in enumerate(
            rows, first_position
        )
    )
