/** One session, live: header and totals, actions, phase timeline, agents, log and artifacts. */

import { useEffect, useState } from "react";
import { EmptyState, ErrorNote, Loading } from "../../../components/feedback";
import { Link } from "../../../components/Link";
import { useServices } from "../../../hooks/useServices";
import { useStore } from "../../../hooks/useStore";
import { filterParams, getSession, listEvents } from "../../../lib/api/read";
import type { LogFilter } from "../../../lib/api/read";
import { diagnostics } from "../../../lib/feed/diagnostics";
import { href, navigate } from "../../../lib/navigation";
import { filterKey, isFiltered } from "../api/logFilter";
import { SessionFeed } from "../api/sessionFeed";
import { AgentList } from "./AgentList";
import { Artifacts } from "./Artifacts";
import { LogFilters } from "./LogFilters";
import { LogSearch } from "./LogSearch";
import { LogView } from "./LogView";
import { PhaseTimeline } from "./PhaseTimeline";
import { RetentionNote } from "./RetentionNote";
import { SessionActions } from "./SessionActions";
import { SessionHeader } from "./SessionHeader";

/** The log of the whole session, of one agent, or filtered; only this re-renders as
 * events arrive. */
function LogPane({
  feed,
  agent,
  filter,
}: {
  feed: SessionFeed;
  agent: number | null;
  filter: LogFilter;
}) {
  const filtered = agent === null && isFiltered(filter);
  const log =
    agent !== null ? feed.agentLog(agent) : filtered ? feed.filteredLog(filter) : feed.log;
  useStore(log);
  if (!log.loaded) return <Loading what="log" />;
  const removed = feed.removedUpTo !== null;
  const whole = agent === null && !filtered;
  return (
    <LogView
      log={log}
      loadOlder={() => void feed.loadOlder(log, agent, filtered ? filter : null)}
      loadNewer={whole ? () => void feed.moveWindow((w) => w.loadNewer()) : undefined}
      openLatest={whole ? () => void feed.moveWindow((w) => w.openLatest()) : undefined}
      loadingOlder={feed.isLoadingOlder(log)}
      olderRemoved={removed}
      emptyText={
        filtered
          ? "No event of the session matches these filters."
          : removed
            ? "Nothing logged after what retention removed."
            : agent === null
              ? "Nothing logged yet: the session is queued and its first agent will start shortly."
              : "This agent has logged nothing yet."
      }
    />
  );
}

export type SessionTab = "log" | "artifacts";

interface Props {
  sessionRef: string;
  agent: number | null;
  tab: SessionTab;
  /** Open the log at this event (a search match), by position. */
  event: number | null;
  /** The in-log search's words. */
  q: string;
  filter: LogFilter;
}

const readApi = { getSession, listEvents };

export function SessionPage({ sessionRef, agent, tab, event, q, filter }: Props) {
  const { feed: connection } = useServices();
  const whole = agent === null && !isFiltered(filter);
  const [feed] = useState(
    () => new SessionFeed(sessionRef, readApi, connection, whole ? event : null),
  );
  useStore(feed);

  // A match to show (from the address: a search result, or the in-log search).
  const filterId = filterKey(filter);
  useEffect(() => {
    if (event === null || agent !== null) return;
    let current = true;
    void feed.ready.then(() => {
      if (!current) return;
      if (isFiltered(filter)) void feed.revealFiltered(filter, event);
      else void feed.moveWindow((w) => w.reveal(event));
    });
    return () => {
      current = false;
    };
    // `filter` is a new object each render; its key says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [feed, event, agent, filterId]);

  useEffect(() => {
    diagnostics.sessionLog = feed.log;
    return () => {
      feed.stop();
      if (diagnostics.sessionLog === feed.log) diagnostics.sessionLog = null;
    };
  }, [feed]);

  const detail = feed.detail;
  useEffect(() => {
    if (detail) document.title = `${detail.session.title} · ${detail.session.status} · Pilothouse`;
  }, [detail]);

  if (!detail) {
    if (feed.error) return <ErrorNote error={feed.error} onRetry={() => location.reload()} />;
    return <Loading what="session" />;
  }
  const { session, project, agents } = detail;
  const go = (params: {
    agent?: number | null;
    tab?: SessionTab;
    event?: number | null;
    q?: string;
    filter?: LogFilter;
  }) =>
    navigate(
      href(`/sessions/${sessionRef}`, {
        agent: params.agent !== undefined ? params.agent : agent,
        tab: (params.tab ?? tab) === "artifacts" ? "artifacts" : null,
        event: params.event !== undefined ? params.event : event,
        q: params.q ?? q,
        ...filterParams(params.filter ?? filter),
      }),
      { replace: true },
    );
  const artifactsKey = `${session.status}|${session.current_phase}|${agents.map((a) => a.status).join(",")}`;
  const selected = agents.find((a) => a.id === agent);

  return (
    <section className="session-page" data-session-id={session.id}>
      <SessionHeader
        session={session}
        project={project}
        actions={<SessionActions session={session} />}
      />
      <PhaseTimeline session={session} agents={agents} />
      {feed.error && <ErrorNote error={feed.error} />}
      {feed.removedUpTo && <RetentionNote upTo={feed.removedUpTo} retention={detail.retention} />}
      <div className="session-body">
        <AgentList agents={agents} selected={agent} onSelect={(id) => go({ agent: id })} />
        <div className="session-main">
          <div className="tabs" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={tab === "log"}
              className={`tab ${tab === "log" ? "active" : ""}`}
              onClick={() => go({ tab: "log" })}
            >
              Log{selected ? ` · ${selected.kind} #${selected.id}` : ""}
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === "artifacts"}
              className={`tab ${tab === "artifacts" ? "active" : ""}`}
              onClick={() => go({ tab: "artifacts" })}
            >
              Artifacts
            </button>
          </div>
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
            <LogPane
              key={`${agent ?? "session"}|${agent === null ? filterId : ""}`}
              feed={feed}
              agent={agent}
              filter={filter}
            />
          )}
          {tab === "artifacts" && <Artifacts session={session.id} refreshKey={artifactsKey} />}
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
