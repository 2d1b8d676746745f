/** How long a session's agents worked: what "ran" means on the session page. */

import type { AgentView } from "../../../lib/api/types";

/**
 * The agents' own time, summed: each from its start to its end (or to `now` while it
 * runs). Time between agents — a session waiting for review, then a debug agent an hour
 * later — is not work, so it is not counted (issue 16: "ran 2 m 14 s" for 4 s of work).
 */
export function agentTime(agents: readonly AgentView[], now: number): number {
  let total = 0;
  for (const agent of agents) {
    if (!agent.started_at) continue;
    const end = agent.finished_at ? Date.parse(agent.finished_at) : now;
    total += Math.max(0, end - Date.parse(agent.started_at));
  }
  return total;
}
