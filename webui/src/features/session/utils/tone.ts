/** How loudly a log event should read: errors stand out, state changes recede. */

import type { EventView } from "../../../lib/api/types";

export type Tone = "plain" | "quiet" | "ok" | "warn" | "bad" | "accent";

export function toneOf(event: EventView): Tone {
  switch (event.kind) {
    case "error":
      return "bad";
    case "stderr":
      return "warn";
    case "tool_result":
      return event.payload.is_error ? "bad" : "plain";
    case "result":
      return event.payload.cancelled ? "warn" : event.payload.is_error ? "bad" : "ok";
    case "system":
      return event.payload.subtype === "cancelled" ? "warn" : "plain";
    case "phase": {
      const state = event.payload.state;
      if (state === "failed") return "bad";
      if (state === "interrupted" || state === "cancelled") return "warn";
      return "accent";
    }
    case "permission_changed": {
      const status = event.payload.status;
      return status === "pending" ? "accent" : status === "allowed" ? "ok" : "warn";
    }
    case "session_changed":
    case "agent_changed":
      return "quiet";
    default:
      return "plain";
  }
}
