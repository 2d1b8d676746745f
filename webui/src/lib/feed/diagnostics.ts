/**
 * Counters the end-to-end tests read through `window.__pilothouse`. The server promises
 * no duplicate events; the UI drops any it sees (so the log stays right) but counts them
 * here, so a server bug cannot hide behind the client's defensive dedupe.
 */

import type { FeedConnection } from "./connection";

/** What the diagnostics read of the open session's log (an EventLog). */
export interface ShownLog {
  readonly events: readonly { readonly id: number }[];
}

export interface Diagnostics {
  /** Events the server sent twice (same id) that the UI dropped. */
  duplicatesDropped: number;
  feed: FeedConnection | null;
  /** The log the session page shows for the whole session, if a session page is open. */
  sessionLog: ShownLog | null;
  /** Event ids of the open session's log, in the order shown. */
  sessionEventIds(): number[];
}

export const diagnostics: Diagnostics = {
  duplicatesDropped: 0,
  feed: null,
  sessionLog: null,
  sessionEventIds() {
    return this.sessionLog?.events.map((event) => event.id) ?? [];
  },
};

declare global {
  interface Window {
    __pilothouse?: Diagnostics;
  }
}

export function exposeDiagnostics(): void {
  if (typeof window !== "undefined") window.__pilothouse = diagnostics;
}
