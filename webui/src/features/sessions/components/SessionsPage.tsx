/** Every session, newest first, live: status, phase, cost and age; filter by project and status. */

import { useCallback, useEffect } from "react";
import { ErrorNote, Loading } from "../../../components/feedback";
import { useLiveList } from "../../../hooks/useLiveList";
import { isArchived, useProjects } from "../../../hooks/useProjects";
import { listSessions } from "../../../lib/api/read";
import type { SessionStatus, SessionView } from "../../../lib/api/types";
import { SESSION_STATUSES } from "../../../lib/api/types";
import { changedSession, newestFirst } from "../../../lib/feed/entityList";
import { href, navigate } from "../../../lib/navigation";
import { rememberProject } from "../../../lib/projectMemory";
import { NoSessions, SessionTable } from "./SessionTable";

interface Props {
  project: string | null;
  status: string[];
  /** Only sessions with a permission request waiting for the user. */
  needsYou?: boolean;
}

export function SessionsPage({ project, status, needsYou = false }: Props) {
  const projects = useProjects();
  useEffect(() => {
    if (project) rememberProject(project); // the project in view, for "New session"
  }, [project]);
  const statuses = status.filter((s): s is SessionStatus =>
    SESSION_STATUSES.includes(s as SessionStatus),
  );
  const filters = { project: project ?? undefined, status: statuses, needsYou };
  const key = `${project ?? ""}|${statuses.join(",")}${needsYou ? "|needs_you" : ""}`;
  // Live rows are filtered like the server filtered the page; the project list may
  // arrive after the sessions, so the check reads the (stable, live) list when it runs.
  const projectList = projects.list;
  const accepts = (s: SessionView) => {
    if (statuses.length && !statuses.includes(s.status)) return false;
    if (needsYou && !s.pending_requests) return false;
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
  const setFilters = (next: { project?: string | null; status?: string[]; needsYou?: boolean }) => {
    const params = {
      project: next.project !== undefined ? next.project : project,
      status: (next.status ?? statuses).join(","),
      needs_you: (next.needsYou ?? needsYou) ? "true" : null,
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
          <button
            type="button"
            className={`chip chip-needs ${needsYou ? "chip-on" : ""}`}
            aria-pressed={needsYou}
            onClick={() => setFilters({ needsYou: !needsYou })}
            title="Sessions whose agents wait for your answer to a permission request"
            data-testid="needs-you-filter"
          >
            Needs you
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
          {(project || statuses.length > 0 || needsYou) && (
            <button
              type="button"
              className="link-button"
              onClick={() => setFilters({ project: null, status: [], needsYou: false })}
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
