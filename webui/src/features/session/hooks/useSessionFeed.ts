/** The live feed of one session page: made once, moved to the event the address asks
 *  for, exposed to diagnostics, stopped when the page goes. */

import { useEffect, useState } from "react";
import { useServices } from "../../../hooks/useServices";
import { useStore } from "../../../hooks/useStore";
import { getSession, listEvents } from "../../../lib/api/read";
import type { LogFilter } from "../../../lib/api/read";
import { diagnostics } from "../../../lib/feed/diagnostics";
import { filterKey, isFiltered } from "../api/logFilter";
import { SessionFeed } from "../api/sessionFeed";

const readApi = { getSession, listEvents };

export function useSessionFeed(
  sessionRef: string,
  agent: number | null,
  event: number | null,
  filter: LogFilter,
): SessionFeed {
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

  return feed;
}
