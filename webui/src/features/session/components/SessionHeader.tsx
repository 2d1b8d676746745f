/** Title, status, project, model mode and the cost/token/turn totals of a session. */

import type { ReactNode } from "react";
import { Age } from "../../../components/Age";
import {
  NotIsolatedBadge,
  ScriptedBadge,
  StatusBadge,
  SupervisedBadge,
  UnfencedBadge,
} from "../../../components/badges";
import { Link } from "../../../components/Link";
import { ScriptedNotice } from "../../../components/ScriptedNotice";
import { UnfencedNotice } from "../../../components/UnfencedNotice";
import { useNow } from "../../../hooks/useNow";
import type { AgentView, ProjectView, SessionView, UsageTotals } from "../../../lib/api/types";
import { elapsed, formatCost, formatCount, formatDuration } from "../../../lib/format";
import { href } from "../../../lib/navigation";
import { SIMULATED_COST } from "../../../lib/scripted";
import { agentTime } from "../utils/agentTime";

/** The totals shown, with the exact value in `data-value` for tests and tooltips. */
const TOTALS: [keyof UsageTotals, string, (n: number) => string][] = [
  ["cost_usd", "Cost", formatCost],
  ["input_tokens", "Input tokens", formatCount],
  ["output_tokens", "Output tokens", formatCount],
  ["cache_read_tokens", "Cache read", formatCount],
  ["turns", "Turns", String],
];

interface Props {
  session: SessionView;
  project: ProjectView;
  agents: readonly AgentView[];
  /** The steering buttons, shown on the title line. */
  actions: ReactNode;
  /** Open the Changes tab. */
  onReview: () => void;
}

export function SessionHeader({ session, project, agents, actions, onReview }: Props) {
  const now = useNow(1000);
  const simulated = session.model_mode === "scripted";
  return (
    <header className="session-head">
      <div className="session-title">
        <h1>{session.title}</h1>
        <StatusBadge status={session.status} />
        <ScriptedBadge mode={session.model_mode} />
        <NotIsolatedBadge isolated={session.isolated} />
        <UnfencedBadge unfenced={session.unfenced} />
        <SupervisedBadge session={session} />
        <div className="session-actions">{actions}</div>
      </div>
      <div className="session-meta">
        <span>
          <Link to={href("/", { project: project.slug })}>{project.name}</Link>
        </span>
        <span className="muted">{session.slug}</span>
        {session.isolated && session.branch && (
          <span className="muted" data-testid="session-branch">
            <code>{session.branch}</code> from{" "}
            <code>{session.base_ref ?? session.base_commit?.slice(0, 8)}</code>
          </span>
        )}
        <span>
          created <Age at={session.created_at} />
        </span>
        {session.started_at && (
          <span
            data-testid="agent-time"
            title={`Agents' working time; from the first start to the end, idle time included: ${elapsed(session.started_at, session.finished_at, now)}`}
          >
            ran {formatDuration(agentTime(agents, now))}
          </span>
        )}
        {session.max_budget_usd !== null && session.max_budget_usd !== undefined && (
          <span data-testid="session-budget" data-value={session.max_budget_usd}>
            limit {formatCost(session.max_budget_usd)}
          </span>
        )}
        {session.status === "awaiting_review" && (
          <button type="button" className="link-button review-link" onClick={onReview}>
            Review the changes →
          </button>
        )}
        <details className="prompt">
          <summary>prompt</summary>
          <pre className="pre">{session.prompt}</pre>
        </details>
      </div>
      <dl className="totals" data-testid="session-totals">
        {TOTALS.map(([field, label, format]) => (
          <div key={field}>
            <dt title={simulated ? `The scripted model's figures: ${SIMULATED_COST}` : undefined}>
              {label}
              {simulated && field === "cost_usd" && (
                <span className="muted" data-testid="simulated-cost">
                  {" "}
                  ({SIMULATED_COST})
                </span>
              )}
            </dt>
            <dd data-total={field} data-value={session[field]}>
              {format(session[field])}
            </dd>
          </div>
        ))}
      </dl>
      {session.status === "queued" && (
        <p className="muted" data-testid="queued-note">
          Queued: it waits for a free agent slot (each orchestrator runs at most
          PILOTHOUSE_MAX_RUNNING_AGENTS sessions at once, 2 by default) and starts by itself.
        </p>
      )}
      <ScriptedNotice mode={session.model_mode} />
      <UnfencedNotice unfenced={session.unfenced} />
      {session.error && (
        <div className="error-note" role="alert">
          {session.error}
        </div>
      )}
    </header>
  );
}
