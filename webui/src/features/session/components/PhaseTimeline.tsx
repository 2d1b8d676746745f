/** The session's phases in order, each with the state, time and cost of its latest agent. */

import { useNow } from "../../../hooks/useNow";
import type { AgentKind, AgentView, SessionView } from "../../../lib/api/types";
import { elapsed, formatCost } from "../../../lib/format";

/** The newest agent of each kind (a retried phase has several). */
export function latestAgentByKind(agents: readonly AgentView[]): Map<AgentKind, AgentView> {
  const latest = new Map<AgentKind, AgentView>();
  for (const agent of agents) {
    const held = latest.get(agent.kind);
    if (!held || agent.id > held.id) latest.set(agent.kind, agent);
  }
  return latest;
}

export function PhaseTimeline({
  session,
  agents,
}: {
  session: SessionView;
  agents: readonly AgentView[];
}) {
  const now = useNow(1000);
  const latest = latestAgentByKind(agents);
  return (
    <ol className="timeline" data-testid="phase-timeline">
      {session.phases.map((phase) => {
        const agent = latest.get(phase);
        const state = agent?.status ?? "pending";
        const current = session.current_phase === phase;
        return (
          <li
            key={phase}
            className={`phase phase-${state} ${current ? "phase-current" : ""}`}
            data-phase={phase}
            data-state={state}
          >
            <span className="phase-dot" aria-hidden />
            <span className="phase-name">{phase}</span>
            <span className="phase-state">{state}</span>
            {agent && (
              <span className="phase-meta">
                {elapsed(agent.started_at, agent.finished_at, now)} · {formatCost(agent.cost_usd)}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
