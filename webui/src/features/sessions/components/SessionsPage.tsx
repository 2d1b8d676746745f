/** Every session, newest first, live: status, phase, cost and age; filter by project and status. */

import { useCallback, useEffect } from "react";
import { Age } from "../../../components/Age";
import {
  NotIsolatedBadge,
  ScriptedBadge,
  StatusBadge,
  UnfencedBadge,
} from "../../../components/badges";
import { EmptyState, ErrorNote, Loading } from "../../../components/feedback";
import { Link } from "../../../components/Link";
import { useLiveList } from "../../../hooks/useLiveList";
import { useNow } from "../../../hooks/useNow";
import { isArchived, useProjects } from "../../../hooks/useProjects";
import { listSessions } from "../../../lib/api/read";
import type { ProjectView, SessionStatus, SessionView } from "../../../lib/api/types";
import { SESSION_STATUSES } from "../../../lib/api/types";
import { changedSession, newestFirst } from "../../../lib/feed/entityList";
import { elapsed, formatCost, formatCount } from "../../../lib/format";
import { href, navigate } from "../../../lib/navigation";
import { rememberProject } from "../../../lib/projectMemory";
import { SIMULATED_COST } from "../../../lib/scripted";
import { PhaseStrip } from "./PhaseStrip";

interface Props {
  project: string | null;
  status: string[];
}

export function SessionsPage({ project, status }: Props) {
  const projects = useProjects();
  useEffect(() => {
    if (project) rememberProject(project); // the project in view, for "New session"
  }, [project]);
  const statuses = status.filter((s): s is SessionStatus =>
    SESSION_STATUSES.includes(s as SessionStatus),
  );
  const filters = { project: project ?? undefined, status: statuses };
  const key = `${project ?? ""}|${statuses.join(",")}`;
  // Live rows are filtered like the server filtered the page; the project list may
  // arrive after the sessions, so the check reads the (stable, live) list when it runs.
  const projectList = projects.list;
  const accepts = (s: SessionView) => {
    if (statuses.length && !statuses.includes(s.status)) return false;
    if (!project) return true;
    const owner = projectList.items.find((p) => p.id === s.project_id);
    return owner ? owner.slug === project || String(owner.id) === project : true;
  };
  const loadNext = useCallback((cursor: string) => listSessions(filters, cursor), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const sessions = useLiveList(
    { rowOf: changedSession, compare: newestFirst, accepts },
    async () => [await listSessions(filters)],
    loadNext,
    "sessions",
    key,
  );
  const setFilters = (next: { project?: string | null; status?: string[] }) => {
    const params = {
      project: next.project !== undefined ? next.project : project,
      status: (next.status ?? statuses).join(","),
    };
    navigate(href("/", params), { replace: true });
  };
  const toggle = (s: SessionStatus) =>
    setFilters({
      status: statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s],
    });
  const byId = new Map(projects.list.items.map((p) => [p.id, p]));
  const reviewOnly = statuses.length === 1 && statuses[0] === "awaiting_review";
  const active = projects.list.items.filter((p) => !isArchived(p));

  return (
    <section>
      <div className="page-head">
        <h1>Sessions</h1>
        <div className="filters" role="group" aria-label="Filters">
          <select
            aria-label="Project"
            value={project ?? ""}
            onChange={(e) => setFilters({ project: e.target.value || null })}
          >
            <option value="">All projects</option>
            {projects.list.items.map((p) => (
              <option key={p.id} value={p.slug}>
                {p.name}
                {isArchived(p) ? " (archived)" : ""}
              </option>
            ))}
          </select>
          <button
            type="button"
            className={`chip chip-review ${reviewOnly ? "chip-on" : ""}`}
            aria-pressed={reviewOnly}
            onClick={() => setFilters({ status: reviewOnly ? [] : ["awaiting_review"] })}
            title="Sessions whose changes wait for approve, discard or keep"
          >
            Awaiting review
          </button>
          {SESSION_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              className={`chip ${statuses.includes(s) ? "chip-on" : ""}`}
              aria-pressed={statuses.includes(s)}
              onClick={() => toggle(s)}
            >
              {s}
            </button>
          ))}
          {(project || statuses.length > 0) && (
            <button
              type="button"
              className="link-button"
              onClick={() => setFilters({ project: null, status: [] })}
            >
              Clear filters
            </button>
          )}
        </div>
      </div>
      {sessions.error && <ErrorNote error={sessions.error} onRetry={sessions.reload} />}
      {!sessions.list.loaded && !sessions.error && <Loading what="sessions" />}
      {sessions.list.loaded && sessions.list.items.length === 0 && (
        <NoSessions
          filtered={key !== "|"}
          hasProjects={active.length > 0}
          projectsLoaded={projects.list.loaded}
        />
      )}
      {sessions.list.items.length > 0 && (
        <SessionTable sessions={sessions.list.items} projects={byId} />
      )}
      {sessions.list.next !== null && (
        <button
          type="button"
          className="button load-more"
          onClick={() => void sessions.loadMore()}
          disabled={sessions.loadingMore}
        >
          {sessions.loadingMore ? "Loading…" : "Load older sessions"}
        </button>
      )}
    </section>
  );
}

function NoSessions({
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

function SessionTable({
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
            </td>
            <td className="title-cell">
              <Link to={`/sessions/${s.id}`}>{s.title}</Link> <ScriptedBadge mode={s.model_mode} />{" "}
              <NotIsolatedBadge isolated={s.isolated} /> <UnfencedBadge unfenced={s.unfenced} />
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
