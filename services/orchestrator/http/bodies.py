"""Every command body is decoded here, strictly, and bad bytes are a 400 — never a 500.

Litestar would convert a body into its struct leniently (`0` for false, `1.0` for 1, `"5"`
for 5), and its JSON decoding lets two kinds of hostile body through as exceptions it
does not expect: bytes that are not UTF-8 (UnicodeDecodeError) and JSON nested deeper
than the decoder recurses (RecursionError). The orchestrator's requests are `BodyRequest`s:
their JSON is decoded once, by `decode`, into the struct the handler declares as `data`,
with msgspec's strict rules; everything else is refused with a 400 naming the field.
The handler's signature then receives that struct as it is.

One leniency is the document's own: JSON Schema's `integer` is any number without a
fraction, so `2.0` is an integer to every client generated from the OpenAPI document,
while msgspec's strict rules refuse it for an `int` field. A body refused only for that is
decoded again with such numbers as integers.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec
from litestar import Litestar, Request
from litestar.handlers import BaseRouteHandler
from litestar.types import Empty

from services.orchestrator.commands.refusals import BadRequest
from services.orchestrator.http.plain_words import plain

T = TypeVar("T")


_NAMED_FIELD = re.compile(r"^Object (missing required|contains unknown) field `(.*)`$", re.S)


def _problem(message: str) -> tuple[str, str | None]:
    """msgspec's message and the field it is about: "Expected `int`, got `str` - at
    `$.phases[0]`" names `phases[0]`; a missing or unknown field names itself."""
    problem, _, where = message.partition(" - at `$")
    field = where.rstrip("`").lstrip(".")
    named = _NAMED_FIELD.match(problem)
    if named:
        kind, name = named.groups()
        field = f"{field}.{name}" if field else name
        problem = "required" if kind == "missing required" else "unknown field"
    return plain(problem), field or None


def _integers(value: Any) -> Any:
    """`value` with every float that has no fraction (`2.0`) as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integers(item) for item in value]
    if isinstance(value, dict):
        return {key: _integers(item) for key, item in value.items()}
    return value


def _strict(body: bytes, kind: type[T]) -> T:
    try:
        return msgspec.json.decode(body, type=kind)
    except msgspec.ValidationError as exc:
        if "got `float`" not in str(exc):
            raise
    # Only a float where an integer belongs was wrong: once more with 2.0 as 2 (a float
    # with a fraction stays a float and is refused as before).
    return msgspec.convert(_integers(msgspec.json.decode(body)), type=kind, strict=True)


def decode(body: bytes, kind: type[T]) -> T:
    """`body` as `kind`, decoded strictly (but for integers written `2.0`); BadRequest
    (400) for anything else."""
    try:
        return _strict(body, kind)
    except msgspec.ValidationError as exc:
        problem, field = _problem(str(exc))
        raise BadRequest(problem, field=field) from None
    except msgspec.DecodeError as exc:
        raise BadRequest(f"the body is not JSON: {exc}") from None
    except UnicodeDecodeError as exc:
        bad = " ".join(f"0x{byte:02x}" for byte in exc.object[exc.start : exc.end])
        raise BadRequest(f"the body is not UTF-8 ({bad} in a string)") from None
    except RecursionError:
        raise BadRequest("the body's JSON is nested too deeply") from None


def _body_type(handler: BaseRouteHandler) -> Any:
    field = handler.parsed_fn_signature.parameters.get("data")
    return field.annotation if field is not None else Any


class BodyRequest(Request[Any, Any, Any]):
    """A request whose JSON body is decoded by `decode` into the handler's `data` type."""

    async def json(self) -> Any:
        if self._json is Empty:
            self._json = decode(await self.body() or b"null", _body_type(self.route_handler))
        return self._json


def body_types(app: Litestar) -> list[type[msgspec.Struct]]:
    """The Structs the app's handlers take as bodies (each once, by name)."""
    found = {
        kind.__name__: kind
        for route in app.routes
        for handler in getattr(route, "route_handlers", ())
        if isinstance(kind := _body_type(handler), type) and issubclass(kind, msgspec.Struct)
    }
    return [found[name] for name in sorted(found)]
