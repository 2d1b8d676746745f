/** The sessions list's rows (status, badges, phase, cost, age) and what it says when empty. */

import { Age } from "../../../components/Age";
import {
  ChecksBadge,
  NeedsYouBadge,
  NotIsolatedBadge,
  ScriptedBadge,
  StatusBadge,
  SupervisedBadge,
  UnfencedBadge,
} from "../../../components/badges";
import { EmptyState } from "../../../components/feedback";
import { Link } from "../../../components/Link";
import { useNow } from "../../../hooks/useNow";
import type { ProjectView, SessionView } from "../../../lib/api/types";
import { elapsed, formatCost, formatCount } from "../../../lib/format";
import { href } from "../../../lib/navigation";
import { SIMULATED_COST } from "../../../lib/scripted";
import { PhaseStrip } from "./PhaseStrip";

export function NoSessions({
  filtered,
  hasProjects,
  projectsLoaded,
}: {
  filtered: boolean;
  hasProjects: boolean;
  projectsLoaded: boolean;
}) {
  if (filtered)
    return (
      <EmptyState title="No session matches these filters.">Clear a filter to see more.</EmptyState>
    );
  if (projectsLoaded && !hasProjects)
    return (
      <EmptyState title="No sessions yet — and no project to run one on.">
        <Link to="/projects">Register a project</Link> first, then start a session on it.
      </EmptyState>
    );
  return (
    <EmptyState title="No sessions yet.">
      <Link to="/new">Start a session</Link>: give a project and a prompt, and watch the agents
      work.
    </EmptyState>
  );
}

export function SessionTable({
  sessions,
  projects,
}: {
  sessions: SessionView[];
  projects: Map<number, ProjectView>;
}) {
  const now = useNow(1000);
  return (
    <table className="table sessions-table" data-testid="sessions-table">
      <thead>
        <tr>
          <th>Status</th>
          <th>Session</th>
          <th>Project</th>
          <th>Phase</th>
          <th className="num">Cost</th>
          <th className="num">Tokens</th>
          <th>Created</th>
          <th title="From the first agent's start to the session's end, idle time included">
            Span
          </th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id} data-session={s.slug}>
            <td title={s.error ?? undefined}>
              <StatusBadge status={s.status} />
              {s.status === "awaiting_review" && (
                <Link to={href(`/sessions/${s.id}`, { tab: "changes" })} className="review-link">
                  review
                </Link>
              )}
              <NeedsYouBadge session={s} />
              <ChecksBadge checks={s.checks} />
            </td>
            <td className="title-cell">
              <Link to={`/sessions/${s.id}`}>{s.title}</Link> <ScriptedBadge mode={s.model_mode} />{" "}
              <NotIsolatedBadge isolated={s.isolated} /> <UnfencedBadge unfenced={s.unfenced} />{" "}
              <SupervisedBadge session={s} />
              <div className="sub">{s.slug}</div>
            </td>
            <td>{projects.get(s.project_id)?.name ?? `#${s.project_id}`}</td>
            <td>
              <PhaseStrip session={s} />
            </td>
            <td className="num" title={s.model_mode === "scripted" ? SIMULATED_COST : undefined}>
              {formatCost(s.cost_usd)}
              {s.model_mode === "scripted" && <span className="muted"> sim.</span>}
            </td>
            <td className="num">{formatCount(s.input_tokens + s.output_tokens)}</td>
            <td>
              <Age at={s.created_at} />
            </td>
            <td className="num">{elapsed(s.started_at, s.finished_at, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
