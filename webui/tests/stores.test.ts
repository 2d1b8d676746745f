import { beforeEach, describe, expect, it } from "vitest";
import { EventLog } from "../src/features/session/api/eventLog";
import type { SessionView } from "../src/lib/api/types";
import { diagnostics } from "../src/lib/feed/diagnostics";
import { changedSession, EntityList, newestFirst } from "../src/lib/feed/entityList";
import { event, session } from "./fixtures";

const ids = (log: EventLog) => log.events.map((e) => e.id);

beforeEach(() => {
  diagnostics.duplicatesDropped = 0;
});

describe("EventLog", () => {
  it("keeps feed order whatever order events arrive in", () => {
    const log = new EventLog();
    log.add([event(10), event(11)], { countDuplicates: true });
    log.add([event(12), event(13)], { countDuplicates: true }); // live, after
    log.add([event(8), event(9)], { countDuplicates: true }); // older page, before
    log.add([event(5, "text", { position: 101 })], { countDuplicates: true }); // later position, lower id
    expect(ids(log)).toEqual([8, 9, 10, 11, 12, 13, 5]);
    log.add([event(14, "text", { position: 14 })], { countDuplicates: true }); // ids and positions differ
    expect(ids(log)).toEqual([8, 9, 10, 11, 12, 13, 14, 5]);
  });

  it("drops a repeated event and counts it as the server's duplicate", () => {
    const log = new EventLog();
    log.add([event(1), event(2)], { countDuplicates: true });
    expect(log.add([event(2), event(3)], { countDuplicates: true })).toBe(1);
    expect(ids(log)).toEqual([1, 2, 3]);
    expect(log.duplicatesDropped).toBe(1);
    expect(diagnostics.duplicatesDropped).toBe(1);
  });

  it("does not count overlap of the UI's own merges", () => {
    const log = new EventLog();
    log.add([event(1)], { countDuplicates: true });
    log.add([event(1)], { countDuplicates: false });
    expect(diagnostics.duplicatesDropped).toBe(0);
  });

  it("notifies subscribers on change only", () => {
    const log = new EventLog();
    let calls = 0;
    log.subscribe(() => calls++);
    log.add([event(1)], { countDuplicates: true });
    log.add([event(1)], { countDuplicates: true });
    expect(calls).toBe(1);
  });
});

describe("EntityList", () => {
  const make = (accepts: (s: SessionView) => boolean = () => true) =>
    new EntityList<SessionView>({ rowOf: changedSession, compare: newestFirst, accepts });

  it("ignores changes the snapshot already contains and applies newer ones", () => {
    const list = make();
    list.reset({ items: [session({ status: "running" })], next: null, token: "50" });
    list.apply([event(40, "session_changed", { payload: session({ status: "queued" }) })]);
    expect(list.items[0].status).toBe("running");
    list.apply([event(60, "session_changed", { payload: session({ status: "completed" }) })]);
    expect(list.items[0].status).toBe("completed");
    list.apply([event(55, "session_changed", { payload: session({ status: "running" }) })]);
    expect(list.items[0].status).toBe("completed");
  });

  it("adds new rows newest first and drops rows that leave the filter", () => {
    const list = make((s) => s.status !== "completed");
    list.reset({
      items: [session({ id: 1, created_at: "2026-01-01T00:00:00Z" })],
      next: null,
      token: "1",
    });
    list.apply([
      event(2, "session_changed", {
        payload: session({ id: 2, created_at: "2026-01-02T00:00:00Z" }),
      }),
    ]);
    expect(list.items.map((s) => s.id)).toEqual([2, 1]);
    list.apply([event(3, "session_changed", { payload: session({ id: 1, status: "completed" }) })]);
    expect(list.items.map((s) => s.id)).toEqual([2]);
  });

  it("follows the feed from the earliest of several snapshots", () => {
    const list = make();
    list.reset({ items: [], next: null, token: "9" }, { items: [], next: null, token: "4" });
    expect(list.token).toBe("4");
  });

  it("keeps a newer live row over an older page of the same row", () => {
    const list = make();
    list.reset({ items: [], next: "c1", token: "1" });
    list.apply([event(8, "session_changed", { payload: session({ id: 5, status: "failed" }) })]);
    list.addPage({ items: [session({ id: 5, status: "running" })], next: null, token: "7" });
    expect(list.items[0].status).toBe("failed");
  });
});
