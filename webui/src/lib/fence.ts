/**
 * What the UI says about an unfenced session: its agents ran without the agent fence
 * because the orchestrator was started with PILOTHOUSE_UNFENCED=1 (docs/architecture.md,
 * "The agent fence"). The terminal client says the same (services/cli/unfenced.py).
 */

export const UNFENCED_MEANING =
  "Its agents ran without the agent fence (PILOTHOUSE_UNFENCED=1): they could read " +
  "Pilothouse's data and reach its database.";

export const HOW_TO_FENCE =
  "To fence them, install bubblewrap and socat and start the orchestrator without " +
  "PILOTHOUSE_UNFENCED.";

/** Where the setting and the fence are described, in the repository's docs. */
export const FENCE_DOCS =
  'README, "Configuration" (PILOTHOUSE_UNFENCED); docs/architecture.md, "The agent fence"';
