/**
 * Everything the session page shows, kept live: the session, its project and agents,
 * and its event log. Loading is lossless by construction: the detail comes with a feed
 * token T; the newest page of events up to T is loaded; then `session:<id>` is
 * subscribed after the last event held, so the server backfills the rest and goes live.
 *
 * Opened at one event (a search match), the session log is a window around it instead;
 * live events wait aside until pages loaded downwards reach the live end (logWindow.ts).
 * A filtered log (kinds, tools, errors) is loaded from the server with the filter and
 * kept live with the same filter applied to incoming events (filteredLogs.ts). One
 * agent's log joins its own pages to the session log (agentLogs.ts); change events keep
 * the session and its agents current (sessionChanges.ts).
 */

import { ORIGIN_TOKEN } from "../../../lib/api/frames";
import type { EventsQuery, LogFilter, LogSource } from "../../../lib/api/read";
import type { EventView, Page, SessionDetail } from "../../../lib/api/types";
import type { TopicHandler } from "../../../lib/feed/connection";
import { Emitter } from "../../../lib/feed/emitter";
import { AgentLogs } from "./agentLogs";
import { EventLog } from "./eventLog";
import { FilteredLogs } from "./filteredLogs";
import { LogWindow } from "./logWindow";
import { applySessionChange } from "./sessionChanges";

export interface SessionReadApi {
  getSession(ref: string | number): Promise<SessionDetail>;
  listEvents(source: LogSource, q: EventsQuery): Promise<Page<EventView>>;
}

export interface FeedLike {
  subscribe(topic: string, after: string | null, handler: TopicHandler): () => void;
}

export class SessionFeed extends Emitter {
  detail: SessionDetail | null = null;
  error: Error | null = null;
  /** Events up to this token were removed by retention: the log starts after it. */
  removedUpTo: string | null = null;
  readonly log = new EventLog();
  private readonly agentLogs: AgentLogs;
  private readonly filtered: FilteredLogs;
  /** The session log's window: where it is opened, and live events held back meanwhile. */
  readonly window: LogWindow;
  private readonly loadingOlder = new Set<EventLog>();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private readonly read: SessionReadApi;
  private readonly feed: FeedLike;
  readonly ready: Promise<void>;

  constructor(ref: string, read: SessionReadApi, feed: FeedLike, anchor: number | null = null) {
    super();
    this.read = read;
    this.feed = feed;
    this.window = new LogWindow(this.log, read, () => this.detail?.session.id ?? null);
    this.filtered = new FilteredLogs(read, {
      ready: () => this.ready,
      liveEnd: () => this.window.liveEnd ?? this.detail?.token ?? null,
      session: () => this.detail?.session.id ?? null,
      loadOlder: (log, filter) => this.loadOlder(log, null, filter),
      failed: (error) => this.fail(error),
    });
    this.agentLogs = new AgentLogs({
      read,
      ready: () => this.ready,
      joinToken: () => {
        const detail = this.detail;
        if (!detail) return null;
        return this.window.live
          ? (this.log.last?.token ?? detail.token)
          : (this.window.liveEnd ?? detail.token);
      },
      sessionLog: this.log,
      failed: (error) => this.fail(error),
    });
    this.ready = this.start(ref, anchor).catch((error: unknown) => this.fail(error));
  }

  private fail(error: unknown): void {
    this.error = error instanceof Error ? error : new Error(String(error));
    this.changed();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  private async start(ref: string, anchor: number | null): Promise<void> {
    const detail = await this.read.getSession(ref);
    if (this.stopped) return;
    this.detail = { ...detail, agents: [...detail.agents].sort((a, b) => a.id - b.id) };
    this.removedUpTo = detail.retention?.horizon ?? null;
    this.window.liveEnd = detail.token;
    this.changed();
    if (anchor !== null) {
      await this.window.openAt(anchor);
    } else {
      const page = await this.read.listEvents(
        { session: detail.session.id },
        { before: detail.token },
      );
      if (this.stopped) return;
      this.log.add(page.items, { countDuplicates: true });
      this.log.setOlderCursor(page.next);
    }
    if (this.stopped) return;
    this.unsubscribe = this.feed.subscribe(
      `session:${detail.session.id}`,
      anchor !== null ? detail.token : (this.log.last?.token ?? ORIGIN_TOKEN),
      {
        onEvents: (events) => this.receive(events),
        onError: (frame) => {
          this.error = new Error(`live feed refused: ${frame.message}`);
          this.changed();
        },
        onRemoved: (frame) => {
          this.removedUpTo = frame.token;
          this.changed();
        },
      },
    );
  }

  private receive(events: EventView[]): void {
    this.window.receive(events);
    this.agentLogs.receive(events);
    this.filtered.receive(events);
    // The log notifies its own view; the page re-renders only when the session did change.
    let touched = false;
    for (const event of events) {
      const next = this.detail && applySessionChange(this.detail, event);
      if (next) {
        this.detail = next;
        touched = true;
      }
    }
    if (touched) this.changed();
  }

  /** The log of one agent (agentLogs.ts). */
  agentLog(agentId: number): EventLog {
    return this.agentLogs.get(agentId);
  }

  /** The session log narrowed by a filter (filteredLogs.ts). */
  filteredLog(filter: LogFilter): EventLog {
    return this.filtered.get(filter);
  }

  /** Show the event at `position` in the log narrowed by `filter`. */
  revealFiltered(filter: LogFilter, position: number): Promise<void> {
    return this.filtered.reveal(filter, position);
  }

  /** Load the page before the oldest event held; no-op at the start or while loading. */
  async loadOlder(
    log: EventLog,
    agentId: number | null,
    filter: LogFilter | null = null,
  ): Promise<void> {
    const detail = this.detail;
    if (!detail || !log.loaded || log.olderCursor === null || this.loadingOlder.has(log)) return;
    this.loadingOlder.add(log);
    this.changed();
    try {
      const source: LogSource =
        agentId === null ? { session: detail.session.id } : { agent: agentId };
      const query: EventsQuery = { before: log.olderCursor };
      if (filter) query.filter = filter;
      const page = await this.read.listEvents(source, query);
      if (filter) this.filtered.learn(filter, page.items);
      log.add(page.items, { countDuplicates: filter === null });
      log.setOlderCursor(page.next);
    } catch (error) {
      this.fail(error);
    } finally {
      this.loadingOlder.delete(log);
      this.changed();
    }
  }

  /** Move the session log: `reveal` an event, `openLatest`, or `loadNewer` pages. */
  async moveWindow(move: (window: LogWindow) => Promise<void>): Promise<void> {
    try {
      await move(this.window);
    } catch (error) {
      this.fail(error);
    }
  }

  isLoadingOlder(log: EventLog): boolean {
    return this.loadingOlder.has(log);
  }
}
