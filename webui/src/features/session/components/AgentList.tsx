/** The session's agents with status and cost; choosing one shows only its log. */

import { StatusBadge, UnfencedBadge } from "../../../components/badges";
import { useNow } from "../../../hooks/useNow";
import type { AgentView } from "../../../lib/api/types";
import { elapsed, formatCost } from "../../../lib/format";

interface Props {
  agents: readonly AgentView[];
  selected: number | null;
  onSelect: (agent: number | null) => void;
}

export function AgentList({ agents, selected, onSelect }: Props) {
  const now = useNow(1000);
  return (
    <nav className="agents" aria-label="Agents" data-testid="agents">
      <button
        type="button"
        className={`agent ${selected === null ? "selected" : ""}`}
        onClick={() => onSelect(null)}
      >
        <span className="agent-kind">Whole session</span>
        <span className="muted">all agents</span>
      </button>
      {agents.length === 0 && (
        <p className="muted agents-empty">No agent has started yet; the session is queued.</p>
      )}
      {agents.map((agent) => (
        <button
          key={agent.id}
          type="button"
          className={`agent ${selected === agent.id ? "selected" : ""}`}
          onClick={() => onSelect(agent.id)}
          data-agent={agent.id}
          data-kind={agent.kind}
          data-status={agent.status}
        >
          <span className="agent-line">
            <span className="agent-kind">{agent.kind}</span>
            <span className="muted">#{agent.id}</span>
            <StatusBadge status={agent.status} />
            <UnfencedBadge unfenced={agent.unfenced} />
          </span>
          <span className="agent-line muted">
            {formatCost(agent.cost_usd)} · {agent.turns} turns
            {agent.started_at ? ` · ${elapsed(agent.started_at, agent.finished_at, now)}` : ""}
          </span>
          {agent.resumed_from !== null && (
            <span className="agent-line muted" data-testid="resumes">
              resumes agent #{agent.resumed_from}
            </span>
          )}
          {agent.model && <span className="agent-line muted">{agent.model}</span>}
          {agent.error && <span className="agent-error">{agent.error}</span>}
        </button>
      ))}
    </nav>
  );
}
