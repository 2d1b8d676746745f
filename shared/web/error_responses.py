"""How both services document their error answers in OpenAPI.

Every 4xx/5xx either service sends is an `ErrorBody` (shared/wire.py); declaring the
statuses a route can answer, with that body, lets clients (and the schema fuzzers in
tests/fuzz) rely on the documented shape of errors as much as of successes.
"""

from __future__ import annotations

from litestar.openapi.datastructures import ResponseSpec

from shared.contract.wire import ErrorBody

_MEANINGS = {
    400: "Invalid parameter or body; `detail` names the field.",
    401: "Missing or wrong bearer token.",
    403: "Refused: a path outside the allowed roots, or a request from a foreign host or origin.",
    404: "No such project, session, agent or file.",
    409: "The entity's current state does not allow this command.",
    410: "Those events were removed by retention; `extra.horizon` is the token to ask after.",
    413: "Request body or prompt larger than the configured limit.",
    503: "The database is unavailable; try again shortly.",
}


def error_responses(*status_codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI responses for these error statuses, each with an ErrorBody."""
    return {
        code: ResponseSpec(
            data_container=ErrorBody, description=_MEANINGS[code], generate_examples=False
        )
        for code in status_codes
    }
