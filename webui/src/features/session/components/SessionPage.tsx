/** One session, live: header and totals, actions, phase timeline, agents, log and artifacts. */

import { useEffect, useMemo } from "react";
import { EmptyState, ErrorNote } from "../../../components/feedback";
import { Link } from "../../../components/Link";
import { filterParams } from "../../../lib/api/read";
import type { LogFilter } from "../../../lib/api/read";
import { href, navigate } from "../../../lib/navigation";
import { rememberProject } from "../../../lib/projectMemory";
import { filterKey } from "../api/logFilter";
import { useSessionFeed } from "../hooks/useSessionFeed";
import type { Place } from "../utils/places";
import { PlacesContext } from "../utils/places";
import { AgentList } from "./AgentList";
import { Artifacts } from "./Artifacts";
import { ChangesTab } from "./ChangesTab";
import { ChecksPanel } from "./ChecksPanel";
import { LogFilters } from "./LogFilters";
import { LogSearch } from "./LogSearch";
import { LogPane } from "./LogPane";
import { PhaseTimeline } from "./PhaseTimeline";
import { RequestPanel } from "./RequestPanel";
import { RetentionNote } from "./RetentionNote";
import { SessionActions } from "./SessionActions";
import { SessionHeader } from "./SessionHeader";
import type { SessionTab } from "./SessionTabs";
import { SessionTabs } from "./SessionTabs";
import { SessionUnavailable } from "./SessionUnavailable";

interface Props {
  sessionRef: string;
  agent: number | null;
  tab: SessionTab;
  /** The artifact shown on the Artifacts tab (`?artifact=`). */
  artifact?: string | null;
  /** Open the log at this event (a search match), by position. */
  event: number | null;
  /** The in-log search's words. */
  q: string;
  filter: LogFilter;
}

export function SessionPage(props: Props) {
  const { sessionRef, agent, tab, artifact = null, event, q, filter } = props;
  const feed = useSessionFeed(sessionRef, agent, event, filter);
  const filterId = filterKey(filter);

  const detail = feed.detail;
  const projectSlug = detail?.project.slug;
  // Where the log's paths are shown from: worktree, then artifacts, then the project.
  const worktree = detail?.session.worktree ?? "";
  const artifactDir = detail?.session.artifact_dir ?? "";
  const projectPath = detail?.project.path ?? "";
  const places = useMemo<Place[]>(
    () => [
      [worktree, ""],
      [artifactDir, "artifacts"],
      [projectPath, ""],
    ],
    [worktree, artifactDir, projectPath],
  );
  useEffect(() => {
    if (projectSlug) rememberProject(projectSlug); // the project in view, for "New session"
  }, [projectSlug]);
  useEffect(() => {
    if (detail) document.title = `${detail.session.title} · ${detail.session.status} · Pilothouse`;
  }, [detail]);

  if (!detail) return <SessionUnavailable sessionRef={sessionRef} error={feed.error} />;
  const { session, project, agents } = detail;
  const go = (params: {
    agent?: number | null;
    tab?: SessionTab;
    artifact?: string;
    event?: number | null;
    q?: string;
    filter?: LogFilter;
  }) => {
    const nextTab = params.tab ?? tab;
    navigate(
      href(`/sessions/${sessionRef}`, {
        agent: params.agent !== undefined ? params.agent : agent,
        tab: nextTab === "log" ? null : nextTab,
        artifact: nextTab === "artifacts" ? (params.artifact ?? artifact) : null,
        event: params.event !== undefined ? params.event : event,
        q: params.q ?? q,
        ...filterParams(params.filter ?? filter),
      }),
      { replace: true },
    );
  };
  const artifactsKey = `${session.status}|${session.current_phase}|${agents.map((a) => a.status).join(",")}`;
  const selected = agents.find((a) => a.id === agent);

  return (
    <section className="session-page" data-session-id={session.id}>
      <SessionHeader
        session={session}
        project={project}
        agents={agents}
        actions={<SessionActions session={session} />}
        onReview={() => go({ tab: "changes" })}
      />
      <RequestPanel requests={detail.requests ?? []} />
      <PhaseTimeline session={session} agents={agents} />
      <ChecksPanel session={session} />
      {feed.error && <ErrorNote error={feed.error} />}
      {feed.removedUpTo && <RetentionNote upTo={feed.removedUpTo} retention={detail.retention} />}
      <div className="session-body">
        <AgentList agents={agents} selected={agent} onSelect={(id) => go({ agent: id })} />
        <div className="session-main">
          <SessionTabs tab={tab} go={go} session={session} selected={selected} />
          {tab === "log" && agent === null && (
            <div className="log-tools">
              <LogSearch
                session={session.id}
                current={event}
                liveEnd={feed.window.liveEnd ?? detail.token}
                filter={filter}
                initial={q}
                onFound={(position, words) => go({ event: position, q: words })}
              />
              <LogFilters filter={filter} onChange={(next) => go({ filter: next, event: null })} />
            </div>
          )}
          {tab === "log" && (
            <PlacesContext.Provider value={places}>
              <LogPane
                key={`${agent ?? "session"}|${agent === null ? filterId : ""}`}
                feed={feed}
                agent={agent}
                filter={filter}
              />
            </PlacesContext.Provider>
          )}
          {tab === "changes" && <ChangesTab session={session} />}
          {tab === "artifacts" && (
            <Artifacts
              session={session.id}
              refreshKey={artifactsKey}
              chosen={artifact}
              onChoose={(path) => go({ artifact: path })}
            />
          )}
        </div>
      </div>
      {agent !== null && !selected && (
        <EmptyState title={`No agent #${agent} in this session.`}>
          <Link to={`/sessions/${sessionRef}`}>Show the whole session</Link>
        </EmptyState>
      )}
    </section>
  );
}
