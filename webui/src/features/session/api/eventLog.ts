/**
 * An ordered, de-duplicated slice of the event journal: the events of a session (or of
 * one agent) from the oldest page loaded so far up to the newest live one. Events are
 * kept in feed order whatever order they are added in; older pages are prepended as the
 * user scrolls up. A log opened at one event (a search hit) is a window around it: it
 * loads newer pages as the user scrolls down until it reaches the live end.
 */

import type { EventView } from "../../../lib/api/types";
import { diagnostics } from "../../../lib/feed/diagnostics";
import { Emitter } from "../../../lib/feed/emitter";
import { compareTokens } from "../../../lib/feed/position";

export interface AddOptions {
  /**
   * Whether a repeated id is the server's fault and must be counted (events from the
   * feed or from REST pages). False when the UI itself merges logs it already holds.
   */
  countDuplicates: boolean;
}

export class EventLog extends Emitter {
  /** Replaced, not mutated, when an older page is prepended. */
  events: EventView[] = [];
  private readonly ids = new Set<number>();
  /** Token to load the previous page with; null once the start is reached. */
  olderCursor: string | null = null;
  /** Token to load the next newer page with; null once the log reaches the live end. */
  newerCursor: string | null = null;
  /** Whether the first (newest) page has been loaded. */
  loaded = false;
  /** The position of the event to show and highlight (a search match), if any. */
  anchor: number | null = null;
  /** How many times the log was reset: a view opens it afresh for each. */
  generation = 0;
  duplicatesDropped = 0;

  get last(): EventView | undefined {
    return this.events.at(-1);
  }

  get first(): EventView | undefined {
    return this.events[0];
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }

  /** Add events anywhere in feed order; returns how many were new. */
  add(incoming: readonly EventView[], options: AddOptions): number {
    const fresh: EventView[] = [];
    for (const event of incoming) {
      if (this.ids.has(event.id)) {
        if (options.countDuplicates) {
          this.duplicatesDropped += 1;
          diagnostics.duplicatesDropped += 1;
        }
        continue;
      }
      this.ids.add(event.id);
      fresh.push(event);
    }
    if (fresh.length === 0) return 0;
    fresh.sort((a, b) => compareTokens(a.token, b.token));
    this.merge(fresh);
    this.changed();
    return fresh.length;
  }

  /** The index of the event at `position`, or -1 when the log does not hold it. */
  indexOf(position: number): number {
    const index = this.insertionIndex(String(position));
    return this.events[index]?.position === position ? index : -1;
  }

  /** Forget every event: the log is about to be loaded again around another place. */
  reset(): void {
    this.events = [];
    this.ids.clear();
    this.olderCursor = null;
    this.newerCursor = null;
    this.loaded = false;
    this.generation += 1;
    this.changed();
  }

  setNewerCursor(cursor: string | null): void {
    this.newerCursor = cursor;
    this.changed();
  }

  /** Show and highlight the event at `position` (held, or about to be). */
  setAnchor(position: number | null): void {
    this.anchor = position;
    this.changed();
  }

  /** Mark the first page loaded and remember where older pages start. */
  setOlderCursor(cursor: string | null): void {
    this.olderCursor = cursor;
    this.loaded = true;
    this.changed();
  }

  private merge(fresh: EventView[]): void {
    const { events } = this;
    const last = events.at(-1);
    if (!last || compareTokens(fresh[0].token, last.token) > 0) {
      for (const event of fresh) events.push(event); // the common case: live, after all held
    } else if (compareTokens(fresh[fresh.length - 1].token, events[0].token) < 0) {
      this.events = fresh.concat(events); // an older page scrolled into view
    } else {
      for (const event of fresh) events.splice(this.insertionIndex(event.token), 0, event);
    }
  }

  private insertionIndex(token: string): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareTokens(this.events[mid].token, token) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
