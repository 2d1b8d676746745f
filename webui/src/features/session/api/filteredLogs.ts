/**
 * The session log narrowed by filters (kinds, tools, errors), one log per filter: its
 * newest page up to the live end, loaded with the filter from the server (so it is
 * complete however long the session), then kept live by applying the same filter to
 * incoming events (logFilter.ts). Older pages load with the filter too.
 */

import type { EventsQuery, LogFilter, LogSource } from "../../../lib/api/read";
import type { EventView, Page } from "../../../lib/api/types";
import { EventLog } from "./eventLog";
import { FilterMatcher, filterKey } from "./logFilter";

interface FilteredReadApi {
  listEvents(source: LogSource, q: EventsQuery): Promise<Page<EventView>>;
}

/** What the session feed lends its filtered logs. */
interface Host {
  ready(): Promise<void>;
  /** The newest position delivered live (or the snapshot's). */
  liveEnd(): string | null;
  session(): number | null;
  loadOlder(log: EventLog, filter: LogFilter): Promise<void>;
  failed(error: unknown): void;
}

interface Entry {
  log: EventLog;
  matcher: FilterMatcher;
  loaded: Promise<void>;
}

export class FilteredLogs {
  private readonly logs = new Map<string, Entry>();
  private readonly read: FilteredReadApi;
  private readonly host: Host;

  constructor(read: FilteredReadApi, host: Host) {
    this.read = read;
    this.host = host;
  }

  get(filter: LogFilter): EventLog {
    return this.entry(filter).log;
  }

  /** Live events: each log keeps those its filter passes. */
  receive(events: readonly EventView[]): void {
    for (const { log, matcher } of this.logs.values()) {
      const kept = events.filter((event) => matcher.matches(event));
      if (kept.length) log.add(kept, { countDuplicates: false });
    }
  }

  /** A page loaded with `filter`: its tool calls tell which results the filter keeps. */
  learn(filter: LogFilter, events: readonly EventView[]): void {
    this.logs.get(filterKey(filter))?.matcher.learn(events);
  }

  /** Show the event at `position`, loading older pages up to it (a filtered log always
   * reaches the live end, so a match is held or lies further back). */
  async reveal(filter: LogFilter, position: number): Promise<void> {
    const { log, loaded } = this.entry(filter);
    await loaded;
    while (log.indexOf(position) < 0 && log.olderCursor !== null) {
      const cursor = log.olderCursor;
      await this.host.loadOlder(log, filter);
      if (log.olderCursor === cursor) return; // a page that failed (or is loading)
    }
    if (log.indexOf(position) >= 0) log.setAnchor(position);
  }

  private entry(filter: LogFilter): Entry {
    const key = filterKey(filter);
    const existing = this.logs.get(key);
    if (existing) return existing;
    const log = new EventLog();
    const matcher = new FilterMatcher(filter);
    const entry = { log, matcher, loaded: this.load(log, matcher) };
    this.logs.set(key, entry);
    return entry;
  }

  private async load(log: EventLog, matcher: FilterMatcher): Promise<void> {
    await this.host.ready();
    const session = this.host.session();
    const end = this.host.liveEnd();
    if (session === null || end === null) return;
    try {
      const page = await this.read.listEvents({ session }, { before: end, filter: matcher.filter });
      matcher.learn(page.items);
      log.add(page.items, { countDuplicates: false });
      log.setOlderCursor(page.next);
    } catch (error) {
      this.host.failed(error);
    }
  }
}
