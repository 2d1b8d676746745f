"""Rules of the command bodies that their types cannot say, as OpenAPI schema (see
shared/web/body_facts.py); each names the code that enforces it."""

from __future__ import annotations

from litestar.openapi.spec import OpenAPIType, Schema

from shared.contract.enums import MergeStrategy

BODY_RULES: dict[str, Schema] = {
    # commands/review.py `approve`: a rebase replays the session's own commits, so a
    # message for it is refused (400).
    "Approve": Schema(
        schema_not=Schema(
            required=["strategy", "message"],
            properties={
                "strategy": Schema(const=MergeStrategy.REBASE.value),
                "message": Schema(type=OpenAPIType.STRING),
            },
        )
    ),
    # commands/sessions.py `check_phases`: each phase once (they run in pipeline order).
    "StartSession.phases": Schema(unique_items=True),
}
