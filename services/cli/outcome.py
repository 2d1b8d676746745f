"""How the client ends: exit codes, and the one error type every command may raise.

A session's outcome is the process's exit code, so scripts can chain on it; anything
that stops the client itself (a service down, a refused token, an unknown name) is a
`ClientError` whose message is printed as one line, without a traceback.
"""

from __future__ import annotations

from shared.contract.enums import SessionStatus

EXIT_COMPLETED = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
"""argparse's own code for a command line it cannot parse."""
EXIT_CANCELLED = 3
EXIT_INTERRUPTED = 4
EXIT_ERROR = 5
"""The client could not do what was asked: a service is down, a name unknown, a token wrong."""
EXIT_STOPPED_BY_USER = 130
"""Ctrl-C while following: the session itself goes on."""

FINAL_STATUSES = frozenset(
    {
        SessionStatus.COMPLETED,
        SessionStatus.FAILED,
        SessionStatus.CANCELLED,
        SessionStatus.INTERRUPTED,
        SessionStatus.AWAITING_REVIEW,
        SessionStatus.MERGED,
        SessionStatus.DISCARDED,
        SessionStatus.KEPT,
    }
)
"""Statuses at which following stops. `interrupted` is included: nothing runs until
someone resumes the session; so is `awaiting_review`: nothing runs until someone
approves, discards, keeps or resolves it."""

_CODES = {
    SessionStatus.COMPLETED: EXIT_COMPLETED,
    SessionStatus.FAILED: EXIT_FAILED,
    SessionStatus.CANCELLED: EXIT_CANCELLED,
    SessionStatus.INTERRUPTED: EXIT_INTERRUPTED,
    SessionStatus.AWAITING_REVIEW: EXIT_COMPLETED,
    SessionStatus.MERGED: EXIT_COMPLETED,
    SessionStatus.DISCARDED: EXIT_COMPLETED,
    SessionStatus.KEPT: EXIT_COMPLETED,
}


def exit_code(status: SessionStatus) -> int:
    """The exit code for a session that stopped in `status`."""
    return _CODES.get(status, EXIT_FAILED)


class ClientError(Exception):
    """Something the user can act on; shown as `pilothouse: <message>`."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
