/**
 * The session page's snapshot kept current: a `*_changed` event newer than the detail's
 * feed token replaces the session or one agent it describes, or adds a pending permission
 * request to those waiting (or takes an answered one away). Older ones are already in the
 * snapshot and are ignored.
 */

import type { EventView, SessionDetail } from "../../../lib/api/types";
import { compareTokens } from "../../../lib/feed/position";

/** The detail with `event` applied, or null when the event changes nothing in it. */
export function applySessionChange(detail: SessionDetail, event: EventView): SessionDetail | null {
  if (compareTokens(event.token, detail.token) <= 0) return null;
  if (event.kind === "session_changed") return { ...detail, session: event.payload };
  if (event.kind === "agent_changed") {
    const agent = event.payload;
    const agents = detail.agents.filter((a) => a.id !== agent.id).concat(agent);
    return { ...detail, agents: agents.sort((a, b) => a.id - b.id) };
  }
  if (event.kind === "permission_changed") {
    const request = event.payload;
    const others = (detail.requests ?? []).filter((r) => r.id !== request.id);
    const requests = request.status === "pending" ? others.concat(request) : others;
    return { ...detail, requests: requests.sort((a, b) => a.id - b.id) };
  }
  return null;
}
