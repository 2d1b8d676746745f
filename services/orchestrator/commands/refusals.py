"""Refused commands: raised before anything is written; http/errors.py renders them."""

from __future__ import annotations


class CommandRefused(Exception):
    """A command that cannot be carried out as asked; nothing has been written."""

    status_code = 400

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field

    @property
    def extra(self) -> list[dict[str, str]] | None:
        if self.field is None:
            return None
        return [{"key": self.field, "message": self.detail, "source": "body"}]


class BadRequest(CommandRefused):
    """Input that is well-formed but unacceptable; the detail names the field."""

    status_code = 400

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(f"invalid {field}: {detail}" if field else detail, field=field)


class NotFound(CommandRefused):
    status_code = 404


class Conflict(CommandRefused):
    """A valid command the entity's current state does not allow (cancel a finished session)."""

    status_code = 409


class TooLarge(CommandRefused):
    status_code = 413
