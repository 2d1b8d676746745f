/** The log pane of the session page: the whole session's log, one agent's, or the log
 * narrowed by filters; only this re-renders as events arrive. */

import { Loading } from "../../../components/feedback";
import { useStore } from "../../../hooks/useStore";
import type { LogFilter } from "../../../lib/api/read";
import { isFiltered } from "../api/logFilter";
import type { SessionFeed } from "../api/sessionFeed";
import { LogView } from "./LogView";

export function LogPane({
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
