import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventView } from "../src/lib/api/types";
import type { SocketLike } from "../src/lib/feed/connection";
import { FeedConnection } from "../src/lib/feed/connection";
import { event } from "./fixtures";

/** A WebSocket stand-in the test drives: open it, push frames, drop it. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  frame(value: object) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(value) }));
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code }));
  }
}

let sockets: FakeSocket[];
const connect = () =>
  new FeedConnection({
    url: "ws://test/ws",
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    random: () => 0.5,
    heartbeatMs: 1000,
    deadAfterMs: 2500,
  });

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe("FeedConnection", () => {
  it("subscribes once open, with the page's token", () => {
    const feed = connect();
    feed.start();
    feed.subscribe("session:1", "5", { onEvents: () => undefined });
    expect(sockets[0].sent).toEqual([]);
    sockets[0].open();
    expect(sockets[0].sent).toEqual([{ type: "subscribe", topic: "session:1", after: "5" }]);
    expect(feed.status.kind).toBe("live");
  });

  it("delivers events and resumes after the last one on reconnect", () => {
    const feed = connect();
    const seen: EventView[] = [];
    feed.start();
    feed.subscribe("session:1", "5", { onEvents: (events) => seen.push(...events) });
    sockets[0].open();
    sockets[0].frame({ type: "events", topic: "session:1", events: [event(6), event(7)] });
    expect(seen.map((e) => e.id)).toEqual([6, 7]);
    expect(feed.tokenOf("session:1")).toBe("7");

    sockets[0].drop();
    expect(feed.status.kind).toBe("reconnecting");
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(250); // backoff with jitter 0.5 on attempt 0: 188 ms
    expect(sockets).toHaveLength(2);
    sockets[1].open();
    expect(sockets[1].sent).toEqual([{ type: "subscribe", topic: "session:1", after: "7" }]);
    expect(feed.reconnects).toBe(1);
  });

  it("moves the resume point to the subscribed frame's token", () => {
    const feed = connect();
    feed.start();
    feed.subscribe("sessions", "5", { onEvents: () => undefined });
    sockets[0].open();
    sockets[0].frame({ type: "subscribed", topic: "sessions", token: "140" });
    expect(feed.tokenOf("sessions")).toBe("140");
  });

  it("backs off longer after each failed attempt, and resets once connected", () => {
    const feed = connect();
    feed.start();
    sockets[0].drop();
    const first = feed.status.kind === "reconnecting" ? feed.status.retryAt - Date.now() : -1;
    vi.advanceTimersByTime(first);
    sockets[1].drop();
    const second = feed.status.kind === "reconnecting" ? feed.status.retryAt - Date.now() : -1;
    expect(second).toBeGreaterThan(first);
    vi.advanceTimersByTime(second);
    sockets[2].open();
    sockets[2].drop();
    const third = feed.status.kind === "reconnecting" ? feed.status.retryAt - Date.now() : -1;
    expect(third).toBe(first);
  });

  it("ignores frames for a topic no longer subscribed and stops resubscribing it", () => {
    const feed = connect();
    const seen: number[] = [];
    feed.start();
    const unsubscribe = feed.subscribe("session:1", "0", {
      onEvents: (events) => seen.push(events.length),
    });
    sockets[0].open();
    unsubscribe();
    expect(sockets[0].sent.at(-1)).toEqual({ type: "unsubscribe", topic: "session:1" });
    sockets[0].frame({ type: "events", topic: "session:1", events: [event(1)] });
    expect(seen).toEqual([]);
    expect(feed.ignoredFrames).toBe(1);
    sockets[0].drop();
    vi.advanceTimersByTime(1000);
    sockets[1].open();
    expect(sockets[1].sent).toEqual([]);
  });

  it("pings while idle and drops a socket that stops answering", () => {
    const feed = connect();
    feed.start();
    sockets[0].open();
    vi.advanceTimersByTime(1000);
    expect(sockets[0].sent).toEqual([{ type: "ping" }]);
    sockets[0].frame({ type: "pong" });
    vi.advanceTimersByTime(2000);
    expect(feed.status.kind).toBe("live");
    vi.advanceTimersByTime(1000); // 3 s since the pong: dead
    expect(sockets[0].closed).toBe(true);
    expect(feed.status.kind).toBe("reconnecting");
  });

  it("records resync frames for the indicator and passes refusals to the page", () => {
    const feed = connect();
    const refused: string[] = [];
    feed.start();
    feed.subscribe("session:9", "0", {
      onEvents: () => undefined,
      onError: (frame) => refused.push(frame.code),
    });
    sockets[0].open();
    sockets[0].frame({ type: "resync", topic: "session:9", token: "1", reason: "slow client" });
    expect(feed.lastResync?.reason).toBe("slow client");
    sockets[0].frame({ type: "error", code: "unknown_topic", message: "no", topic: "session:9" });
    expect(refused).toEqual(["unknown_topic"]);
  });

  it("passes a removed resync to the topic's page, not to the catch-up indicator", () => {
    const feed = connect();
    const removed: string[] = [];
    feed.start();
    feed.subscribe("session:9", "0", {
      onEvents: () => undefined,
      onRemoved: (frame) => removed.push(frame.token),
    });
    sockets[0].open();
    sockets[0].frame({
      type: "resync",
      topic: "session:9",
      token: "40",
      reason: "retention",
      removed: true,
    });
    expect(removed).toEqual(["40"]);
    expect(feed.lastResync).toBeNull();
  });

  it("stays down after stop()", () => {
    const feed = connect();
    feed.start();
    sockets[0].open();
    feed.stop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(sockets[0].closed).toBe(true);
  });
});
