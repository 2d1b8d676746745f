import { beforeEach, describe, expect, it } from "vitest";
import { SessionFeed } from "../src/features/session/api/sessionFeed";
import type { EventsQuery, LogSource } from "../src/lib/api/read";
import type { EventView, Page, SessionDetail } from "../src/lib/api/types";
import type { TopicHandler } from "../src/lib/feed/connection";
import { diagnostics } from "../src/lib/feed/diagnostics";
import { agent, event, project, session } from "./fixtures";

/** The read API over an in-memory journal, with `before`/`after` as api.md defines them. */
class FakeRead {
  journal: EventView[] = [];
  calls: [LogSource, EventsQuery][] = [];
  detail: SessionDetail;

  constructor(detail: SessionDetail) {
    this.detail = detail;
  }

  getSession = () => Promise.resolve(this.detail);

  listEvents = (source: LogSource, q: EventsQuery): Promise<Page<EventView>> => {
    this.calls.push([source, q]);
    const limit = q.limit ?? 3;
    const mine = this.journal.filter((e) =>
      "agent" in source ? e.agent_id === source.agent : true,
    );
    if (q.before) {
      // A token is the point right after its event: `before` pages end at it.
      const earlier = mine.filter((e) => e.position <= Number(q.before));
      const items = earlier.slice(-limit);
      return Promise.resolve({
        items,
        next: earlier.length > limit ? String(items[0].position - 1) : null,
        token: "999",
      });
    }
    return Promise.resolve({ items: mine.slice(0, limit), next: null, token: "999" });
  };
}

class FakeFeed {
  subscriptions: { topic: string; after: string | null; handler: TopicHandler }[] = [];
  subscribe(topic: string, after: string | null, handler: TopicHandler) {
    this.subscriptions.push({ topic, after, handler });
    return () => undefined;
  }
}

const detail = (token: string): SessionDetail => ({
  session: session({ status: "running" }),
  project: project(),
  agents: [agent({ id: 7 })],
  token,
});

beforeEach(() => {
  diagnostics.duplicatesDropped = 0;
});

describe("SessionFeed", () => {
  it("loads the newest page before the snapshot, then subscribes after the last event", async () => {
    const read = new FakeRead(detail("5"));
    read.journal = [1, 2, 3, 4, 5, 6].map((id) => event(id));
    const feed = new FakeFeed();
    const sf = new SessionFeed("s-1", read, feed);
    await sf.ready;
    expect(read.calls[0]).toEqual([{ session: 1 }, { before: "5" }]);
    expect(sf.log.events.map((e) => e.id)).toEqual([3, 4, 5]);
    expect(feed.subscriptions[0]).toMatchObject({ topic: "session:1", after: "5" });
    // The server backfills 6 and goes live; nothing lost, nothing twice.
    feed.subscriptions[0].handler.onEvents([event(6), event(7)]);
    expect(sf.log.events.map((e) => e.id)).toEqual([3, 4, 5, 6, 7]);
    expect(diagnostics.duplicatesDropped).toBe(0);
    await sf.loadOlder(sf.log, null);
    expect(sf.log.events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sf.log.olderCursor).toBeNull();
  });

  it("says when retention removed older events, from the detail or from the feed", async () => {
    const read = new FakeRead({
      ...detail("6"),
      retention: {
        horizon: "4",
        events_removed: 3,
        archive: null,
        started_at: "",
        finished_at: null,
      },
    });
    const feed = new FakeFeed();
    const sf = new SessionFeed("s-1", read, feed);
    await sf.ready;
    expect(sf.removedUpTo).toBe("4");
    feed.subscriptions[0].handler.onRemoved?.({
      type: "resync",
      topic: "session:1",
      token: "9",
      reason: "",
      removed: true,
    });
    expect(sf.removedUpTo).toBe("9");
  });

  it("subscribes from the origin when nothing came before the snapshot", async () => {
    const feed = new FakeFeed();
    const sf = new SessionFeed("s-1", new FakeRead(detail("0")), feed);
    await sf.ready;
    expect(feed.subscriptions[0].after).toBe("0");
  });

  it("applies session and agent changes newer than the snapshot only", async () => {
    const read = new FakeRead(detail("10"));
    const feed = new FakeFeed();
    const sf = new SessionFeed("s-1", read, feed);
    await sf.ready;
    const live = feed.subscriptions[0].handler;
    live.onEvents([event(9, "session_changed", { payload: session({ status: "queued" }) })]);
    expect(sf.detail?.session.status).toBe("running");
    live.onEvents([
      event(11, "session_changed", { payload: session({ status: "completed", cost_usd: 0.5 }) }),
      event(12, "agent_changed", { payload: agent({ id: 8, kind: "plan", status: "running" }) }),
      event(13, "agent_changed", { payload: agent({ id: 7, status: "completed" }) }),
    ]);
    expect(sf.detail?.session.cost_usd).toBe(0.5);
    expect(sf.detail?.agents.map((a) => [a.id, a.status])).toEqual([
      [7, "completed"],
      [8, "running"],
    ]);
  });

  it("joins an agent's own page to the live session log without a gap", async () => {
    const read = new FakeRead(detail("5"));
    read.journal = [
      event(1, "text", { agent_id: 7 }),
      event(2, "text", { agent_id: 8 }),
      event(3, "text", { agent_id: 7 }),
      event(4, "text", { agent_id: 8 }),
      event(5, "text", { agent_id: 7 }),
    ];
    const feed = new FakeFeed();
    const sf = new SessionFeed("s-1", read, feed);
    await sf.ready;
    feed.subscriptions[0].handler.onEvents([event(6, "text", { agent_id: 7 })]);
    const log = sf.agentLog(7);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(read.calls.at(-1)).toEqual([{ agent: 7 }, { before: "6" }]);
    feed.subscriptions[0].handler.onEvents([
      event(7, "text", { agent_id: 8 }),
      event(8, "text", { agent_id: 7 }),
    ]);
    expect(log.events.map((e) => e.id)).toEqual([1, 3, 5, 6, 8]);
    expect(diagnostics.duplicatesDropped).toBe(0);
  });
});
