import { describe, expect, it } from "vitest";
import { EventLog } from "../src/features/session/api/eventLog";
import { FilterMatcher, isError } from "../src/features/session/api/logFilter";
import { LogWindow } from "../src/features/session/api/logWindow";
import type { EventsQuery, LogSource } from "../src/lib/api/read";
import type { EventView, Page } from "../src/lib/api/types";
import { event } from "./fixtures";

/** Pages over an in-memory journal, `before` and `after` as docs/api.md defines them. */
class Journal {
  events: EventView[] = [];

  listEvents = (_: LogSource, q: EventsQuery): Promise<Page<EventView>> => {
    const limit = q.limit ?? 500;
    if (q.before !== undefined) {
      const earlier = this.events.filter((e) => e.position <= Number(q.before));
      const items = earlier.slice(-limit);
      const more = earlier.length > limit;
      return Promise.resolve({
        items,
        next: more ? String(items[0].position - 1) : null,
        token: "0",
      });
    }
    const later = this.events.filter((e) => e.position > Number(q.after ?? "0"));
    const items = later.slice(0, limit);
    const more = later.length > limit;
    return Promise.resolve({ items, next: more ? items.at(-1)!.token : null, token: "0" });
  };
}

const ids = (log: EventLog) => log.events.map((e) => e.id);

describe("LogWindow", () => {
  it("opens around an event, holds live events aside, and joins them at the end", async () => {
    const journal = new Journal();
    journal.events = Array.from({ length: 1000 }, (_, i) => event(i + 1));
    const log = new EventLog();
    const window = new LogWindow(log, journal, () => 1);
    window.liveEnd = "1000";

    await window.openAt(300);
    expect(log.anchor).toBe(300);
    expect(log.indexOf(300)).toBeGreaterThan(0);
    expect(ids(log)[0]).toBe(101);
    expect(ids(log).at(-1)).toBe(500);
    expect(log.newerCursor).toBe("500");
    expect(window.live).toBe(false);

    // Live events while the window is short of the end wait aside…
    journal.events.push(event(1001), event(1002));
    window.receive([event(1001), event(1002)]);
    expect(log.has(1001)).toBe(false);
    // …and the pages down to the end bring every event once, in order.
    while (log.newerCursor !== null) await window.loadNewer();
    journal.events.push(event(1003));
    window.receive([event(1003)]);
    expect(ids(log)).toEqual(Array.from({ length: 903 }, (_, i) => i + 101));
    expect(window.live).toBe(true);
  });

  it("reveals a held event in place and goes back to the live end", async () => {
    const journal = new Journal();
    journal.events = Array.from({ length: 50 }, (_, i) => event(i + 1));
    const log = new EventLog();
    const window = new LogWindow(log, journal, () => 1);
    window.liveEnd = "50";
    await window.openLatest();
    expect(ids(log)).toHaveLength(50);
    const generation = log.generation;
    await window.reveal(20);
    expect(log.anchor).toBe(20);
    expect(log.generation).toBe(generation); // held: not reloaded
    await window.openAt(3);
    await window.openLatest();
    expect(log.anchor).toBeNull();
    expect(ids(log).at(-1)).toBe(50);
    expect(window.live).toBe(true);
  });
});

describe("FilterMatcher", () => {
  const call = (id: number, name: string, use: string) =>
    event(id, "tool_use", { payload: { tool_use_id: use, name, input: {} } });
  const result = (id: number, use: string, isError = false) =>
    event(id, "tool_result", { payload: { tool_use_id: use, content: "x", is_error: isError } });

  it("keeps a tool's calls and the results that answer them", () => {
    const matcher = new FilterMatcher({ kinds: [], tools: ["Bash"], errors: false });
    const kept = [call(1, "Bash", "a"), result(2, "a"), call(3, "Edit", "b"), result(4, "b")]
      .filter((e) => matcher.matches(e))
      .map((e) => e.id);
    expect(kept).toEqual([1, 2]);
  });

  it("learns calls from loaded pages, and combines kinds and errors", () => {
    const matcher = new FilterMatcher({ kinds: ["tool_result"], tools: ["Bash"], errors: true });
    matcher.learn([call(1, "Bash", "a")]);
    expect(matcher.matches(result(2, "a", true))).toBe(true);
    expect(matcher.matches(result(3, "a", false))).toBe(false);
    expect(isError(event(4, "error", { payload: { message: "boom" } }))).toBe(true);
    expect(isError(event(5))).toBe(false);
  });
});
