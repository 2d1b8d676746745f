/**
 * Everything the session page shows, kept live: the session, its project and agents,
 * and its event log. Loading is lossless by construction: the detail comes with a feed
 * token T; the newest page of events up to T is loaded; then `session:<id>` is
 * subscribed after the last event held, so the server backfills the rest and goes live.
 *
 * Opened at one event (a search match), the session log is a window around it instead;
 * live events wait aside until pages loaded downwards reach the live end (logWindow.ts).
 * A filtered log (kinds, tools, errors) is loaded from the server with the filter and
 * kept live with the same filter applied to incoming events (filteredLogs.ts).
 */

import { ORIGIN_TOKEN } from "../../../lib/api/frames";
import type { EventsQuery, LogFilter, LogSource } from "../../../lib/api/read";
import type { EventView, Page, SessionDetail } from "../../../lib/api/types";
import type { TopicHandler } from "../../../lib/feed/connection";
import { Emitter } from "../../../lib/feed/emitter";
import { compareTokens } from "../../../lib/feed/position";
import { EventLog } from "./eventLog";
import { FilteredLogs } from "./filteredLogs";
import { LogWindow } from "./logWindow";

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
  private readonly agentLogs = new Map<number, EventLog>();
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
      failed: (error) => {
        this.error = error instanceof Error ? error : new Error(String(error));
        this.changed();
      },
    });
    this.ready = this.start(ref, anchor).catch((error: unknown) => {
      this.error = error instanceof Error ? error : new Error(String(error));
      this.changed();
    });
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
    for (const [agentId, log] of this.agentLogs) {
      const own = events.filter((event) => event.agent_id === agentId);
      if (own.length) log.add(own, { countDuplicates: false });
    }
    this.filtered.receive(events);
    // The log notifies its own view; the page re-renders only when the session did change.
    let touched = false;
    for (const event of events) touched = this.applyChange(event) || touched;
    if (touched) this.changed();
  }

  /** Apply a `*_changed` event newer than the snapshot to the session or its agents. */
  private applyChange(event: EventView): boolean {
    const detail = this.detail;
    if (!detail || compareTokens(event.token, detail.token) <= 0) return false;
    if (event.kind === "session_changed") {
      this.detail = { ...detail, session: event.payload };
      return true;
    }
    if (event.kind === "agent_changed") {
      const agent = event.payload;
      const agents = detail.agents.filter((a) => a.id !== agent.id).concat(agent);
      this.detail = { ...detail, agents: agents.sort((a, b) => a.id - b.id) };
      return true;
    }
    return false;
  }

  /**
   * The log of one agent: its newest page from the agent's own endpoint, joined to the
   * session log's events of that agent from that point on (the session log is complete
   * from its first loaded event to now), then kept live from the session feed.
   */
  agentLog(agentId: number): EventLog {
    const existing = this.agentLogs.get(agentId);
    if (existing) return existing;
    const log = new EventLog();
    this.agentLogs.set(agentId, log);
    void this.loadAgentLog(agentId, log);
    return log;
  }

  private async loadAgentLog(agentId: number, log: EventLog): Promise<void> {
    await this.ready;
    const detail = this.detail;
    if (!detail) return;
    const from = this.window.live
      ? (this.log.last?.token ?? detail.token)
      : (this.window.liveEnd ?? detail.token);
    try {
      const page = await this.read.listEvents({ agent: agentId }, { before: from });
      log.add(page.items, { countDuplicates: true });
      const held = this.log.events;
      const since: EventView[] = [];
      for (let i = held.length - 1; i >= 0 && compareTokens(held[i].token, from) >= 0; i--) {
        if (held[i].agent_id === agentId) since.push(held[i]);
      }
      log.add(since, { countDuplicates: false });
      log.setOlderCursor(page.next);
    } catch (error) {
      this.error = error instanceof Error ? error : new Error(String(error));
      this.changed();
    }
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
      this.error = error instanceof Error ? error : new Error(String(error));
      this.changed();
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
      this.error = error instanceof Error ? error : new Error(String(error));
      this.changed();
    }
  }

  isLoadingOlder(log: EventLog): boolean {
    return this.loadingOlder.has(log);
  }
}
