/** Title, status, project, model mode and the cost/token/turn totals of a session. */

import type { ReactNode } from "react";
import { Age } from "../../../components/Age";
import { ScriptedBadge, StatusBadge, UnfencedBadge } from "../../../components/badges";
import { Link } from "../../../components/Link";
import { useNow } from "../../../hooks/useNow";
import type { ProjectView, SessionView, UsageTotals } from "../../../lib/api/types";
import { elapsed, formatCost, formatCount } from "../../../lib/format";
import { href } from "../../../lib/navigation";

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
  /** The steering buttons, shown on the title line. */
  actions: ReactNode;
}

export function SessionHeader({ session, project, actions }: Props) {
  const now = useNow(1000);
  return (
    <header className="session-head">
      <div className="session-title">
        <h1>{session.title}</h1>
        <StatusBadge status={session.status} />
        <ScriptedBadge mode={session.model_mode} />
        <UnfencedBadge unfenced={session.unfenced} />
        <div className="session-actions">{actions}</div>
      </div>
      <div className="session-meta">
        <span>
          <Link to={href("/", { project: project.slug })}>{project.name}</Link>
        </span>
        <span className="muted">{session.slug}</span>
        <span>
          created <Age at={session.created_at} />
        </span>
        {session.started_at && (
          <span>ran {elapsed(session.started_at, session.finished_at, now)}</span>
        )}
        {session.max_budget_usd !== null && session.max_budget_usd !== undefined && (
          <span data-testid="session-budget" data-value={session.max_budget_usd}>
            limit {formatCost(session.max_budget_usd)}
          </span>
        )}
        <details className="prompt">
          <summary>prompt</summary>
          <pre className="pre">{session.prompt}</pre>
        </details>
      </div>
      <dl className="totals" data-testid="session-totals">
        {TOTALS.map(([field, label, format]) => (
          <div key={field}>
            <dt>{label}</dt>
            <dd data-total={field} data-value={session[field]}>
              {format(session[field])}
            </dd>
          </div>
        ))}
      </dl>
      {session.error && (
        <div className="error-note" role="alert">
          {session.error}
        </div>
      )}
    </header>
  );
}
