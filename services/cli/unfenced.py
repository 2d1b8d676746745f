"""What the client says of an unfenced session: what the label means and how to fence.

One wording for `pilothouse sessions` and the live view's header, matching the web UI's.
"""

from __future__ import annotations

LABEL = "unfenced"
MEANING = (
    "its agents ran without the agent fence (PILOTHOUSE_UNFENCED=1):"
    " they could read Pilothouse's data and reach its database"
)
HOW_TO_FENCE = (
    "to fence them, install bubblewrap and socat and start the orchestrator without"
    " PILOTHOUSE_UNFENCED (README, Configuration; docs/architecture.md, The agent fence)"
)
