/**
 * A live list of projects or sessions: REST pages merged with `*_changed` events.
 * Each row remembers the feed position its state is from, so a change event older than
 * what a page already showed is ignored and a newer one replaces the row.
 */

import type { EventView, Page, ProjectView, SessionView } from "../api/types";
import { Emitter } from "./emitter";
import { compareTokens } from "./position";

export interface EntityListOptions<T> {
  /** The row a feed event carries, or null when it carries none of this list's rows. */
  rowOf: (event: EventView) => T | null;
  /** Display order of the rows. */
  compare: (a: T, b: T) => number;
  /** Whether a row belongs in this list (the page's filters, applied to live rows). */
  accepts: (item: T) => boolean;
}

export class EntityList<T extends { id: number }> extends Emitter {
  items: T[] = [];
  /** Cursor of the next REST page; null when every page is loaded. */
  next: string | null = null;
  /** Feed position of the first page: subscribe after it. */
  token: string | null = null;
  loaded = false;
  private readonly seenAt = new Map<number, string>();
  private readonly options: EntityListOptions<T>;

  constructor(options: EntityListOptions<T>) {
    super();
    this.options = options;
  }

  /** Start over from first pages (several when one view merges two queries). */
  reset(...pages: Page<T>[]): void {
    this.items = [];
    this.seenAt.clear();
    // Follow the feed from the earliest snapshot: rows already newer just ignore it.
    this.token = pages
      .map((page) => page.token)
      .reduce((a, b) => (compareTokens(a, b) <= 0 ? a : b));
    this.loaded = true;
    for (const page of pages) this.addPage(page);
  }

  /** Merge a further page (keyset pagination) into the list. */
  addPage(page: Page<T>): void {
    this.next = page.next;
    for (const item of page.items) this.put(item, page.token);
    this.changed();
  }

  /** Apply the `*_changed` events of a feed frame. */
  apply(events: readonly EventView[]): void {
    const token = this.token;
    if (token === null) return;
    let touched = false;
    for (const event of events) {
      const item = this.options.rowOf(event);
      if (item === null) continue;
      const seen = this.seenAt.get(item.id) ?? token;
      if (compareTokens(event.token, seen) <= 0) continue;
      this.put(item, event.token);
      touched = true;
    }
    if (touched) this.changed();
  }

  private put(item: T, at: string): void {
    const seen = this.seenAt.get(item.id);
    if (seen !== undefined && compareTokens(at, seen) < 0) return;
    this.seenAt.set(item.id, at);
    const without = this.items.filter((row) => row.id !== item.id);
    if (this.options.accepts(item)) {
      without.push(item);
      without.sort(this.options.compare);
    }
    this.items = without;
  }
}

/** The project of a `project_changed` event (the projects list's rows). */
export function changedProject(event: EventView): ProjectView | null {
  return event.kind === "project_changed" ? event.payload : null;
}

/** The session of a `session_changed` event (the sessions list's rows). */
export function changedSession(event: EventView): SessionView | null {
  return event.kind === "session_changed" ? event.payload : null;
}

/** Newest first, as the sessions list shows them (created_at desc, then id desc). */
export function newestFirst<T extends { id: number; created_at: string }>(a: T, b: T): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return b.id - a.id;
}
