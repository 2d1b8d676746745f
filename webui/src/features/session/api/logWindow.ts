/**
 * The session log as a window that can be opened anywhere: around one event (a search
 * match), or at the live end. Opened far from the end, it loads newer pages as the user
 * scrolls down, and live events are held aside meanwhile; once a page reaches the end,
 * the held events join the log and it is live again.
 *
 * Nothing is lost on the way: every held event is committed, so the forward pages read
 * after it include it; only events arriving after the last page matter, and those are
 * the ones still held when it lands. So held events can be dropped whenever a forward
 * read starts (and when too many pile up).
 */

import type { EventsQuery, LogSource } from "../../../lib/api/read";
import type { EventView, Page } from "../../../lib/api/types";
import { laterToken } from "../../../lib/feed/position";
import type { EventLog } from "./eventLog";

interface WindowReadApi {
  listEvents(source: LogSource, q: EventsQuery): Promise<Page<EventView>>;
}

/** Events loaded on each side of the event a window is opened at. */
const AROUND = 200;
const HELD_MAX = 20_000;
const SILENT = { countDuplicates: false };

export class LogWindow {
  /** The newest position known to be delivered: the snapshot's, then live events'. */
  liveEnd: string | null = null;
  private held: EventView[] = [];
  /** Until a window is opened, the log is exact and a repeated event is a server fault. */
  private exact = true;
  private opening = false;
  private loadingNewer = false;
  private readonly log: EventLog;
  private readonly read: WindowReadApi;
  private readonly session: () => number | null;

  constructor(log: EventLog, read: WindowReadApi, session: () => number | null) {
    this.log = log;
    this.read = read;
    this.session = session;
  }

  /** Whether the log reaches the live end (and so takes live events as they come). */
  get live(): boolean {
    return !this.opening && this.log.newerCursor === null;
  }

  receive(events: EventView[]): void {
    this.liveEnd = laterToken(this.liveEnd, events.at(-1)?.token ?? null);
    if (this.live) {
      this.log.add(events, { countDuplicates: this.exact });
      return;
    }
    this.held.push(...events);
    if (this.held.length > HELD_MAX) this.held = [];
  }

  /** Show the event at `position`: scroll to it when the log holds it, else open there. */
  async reveal(position: number): Promise<void> {
    if (this.log.indexOf(position) >= 0) this.log.setAnchor(position);
    else await this.openAt(position);
  }

  /** Load the log around the event at `position`, and highlight it. */
  async openAt(position: number): Promise<void> {
    const session = this.session();
    if (session === null) return;
    this.begin();
    try {
      const token = String(position);
      const [before, after] = await Promise.all([
        this.read.listEvents({ session }, { before: token, limit: AROUND }),
        this.read.listEvents({ session }, { after: token, limit: AROUND }),
      ]);
      this.log.reset();
      this.log.add(before.items, SILENT);
      this.log.add(after.items, SILENT);
      this.log.setNewerCursor(after.next);
      this.log.setAnchor(position);
      this.log.setOlderCursor(before.next);
    } finally {
      this.opening = false;
    }
    if (this.log.newerCursor === null) this.catchUp();
  }

  /** Back to the live end: the newest page, then live again. */
  async openLatest(): Promise<void> {
    const session = this.session();
    if (session === null || this.liveEnd === null) return;
    this.begin();
    try {
      const page = await this.read.listEvents({ session }, { before: this.liveEnd });
      this.log.reset();
      this.log.add(page.items, SILENT);
      this.log.setAnchor(null);
      this.log.setOlderCursor(page.next);
    } finally {
      this.opening = false;
    }
    this.catchUp();
  }

  /** The page after the newest event held, while the log does not reach the end. */
  async loadNewer(): Promise<void> {
    const session = this.session();
    const cursor = this.log.newerCursor;
    if (session === null || cursor === null || this.loadingNewer || this.opening) return;
    this.loadingNewer = true;
    this.held = [];
    try {
      const page = await this.read.listEvents({ session }, { after: cursor });
      this.log.add(page.items, SILENT);
      this.log.setNewerCursor(page.next);
    } finally {
      this.loadingNewer = false;
    }
    if (this.log.newerCursor === null) this.catchUp();
  }

  private begin(): void {
    this.exact = false;
    this.opening = true;
    this.held = [];
  }

  private catchUp(): void {
    const held = this.held;
    this.held = [];
    this.log.setNewerCursor(null);
    this.log.add(held, SILENT);
  }
}
