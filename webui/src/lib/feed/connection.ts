/**
 * The app's one WebSocket to the read service. Pages subscribe to topics; for each topic
 * the connection remembers the last feed token it delivered, and after any drop it
 * reconnects with backoff and resubscribes with `after=<token>`, so the server backfills
 * exactly what was missed. A heartbeat detects a dead socket that never closes.
 */

import type { ClientFrame, ErrorFrame, ResyncFrame } from "../api/frames";
import { parseServerFrame } from "../api/frames";
import type { EventView } from "../api/types";
import { backoffDelay } from "./backoff";
import { laterToken } from "./position";

/** The subset of the browser WebSocket the connection uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export interface TopicHandler {
  /** Events of the topic in feed order; possibly ones the page already has. */
  onEvents(events: EventView[]): void;
  /** The server refused the subscription (bad topic or token). */
  onError?(frame: ErrorFrame): void;
  /** Events up to `frame.token` were removed by retention; the topic goes on after it. */
  onRemoved?(frame: ResyncFrame): void;
}

export type FeedStatus =
  | { kind: "connecting" }
  | { kind: "live"; since: number }
  | { kind: "reconnecting"; attempt: number; retryAt: number; reason: string };

export interface FeedOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  heartbeatMs?: number;
  /** Silence longer than this (no frame, not even a pong) means the socket is dead. */
  deadAfterMs?: number;
  random?: () => number;
}

interface Subscription {
  handler: TopicHandler;
  /** Last feed position delivered for this topic: the resume point after a drop. */
  token: string | null;
}

const OPEN = 1;

export class FeedConnection {
  private socket: SocketLike | null = null;
  private readonly subs = new Map<string, Subscription>();
  private readonly listeners = new Set<() => void>();
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private stopped = false;
  private hadOpened = false;
  private readonly options: Required<FeedOptions>;

  status: FeedStatus = { kind: "connecting" };
  lastResync: (ResyncFrame & { at: number }) | null = null;
  /** How many times the socket was opened again after a drop. */
  reconnects = 0;
  /** Frames for topics no longer subscribed (normal briefly after an unsubscribe). */
  ignoredFrames = 0;

  constructor(options: FeedOptions) {
    this.options = {
      createSocket: (url) => new WebSocket(url),
      heartbeatMs: 15_000,
      deadAfterMs: 40_000,
      random: Math.random,
      ...options,
    };
  }

  start(): void {
    this.stopped = false;
    if (!this.socket && !this.retryTimer) this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.detach()?.close();
  }

  /** Follow `topic` after feed position `after`; returns the unsubscribe function. */
  subscribe(topic: string, after: string | null, handler: TopicHandler): () => void {
    const sub: Subscription = { handler, token: after };
    this.subs.set(topic, sub);
    this.sendSubscribe(topic, sub);
    return () => {
      if (this.subs.get(topic) !== sub) return;
      this.subs.delete(topic);
      this.send({ type: "unsubscribe", topic });
    };
  }

  /** The resume token currently held for a topic (for tests and diagnostics). */
  tokenOf(topic: string): string | null {
    return this.subs.get(topic)?.token ?? null;
  }

  onChange = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private setStatus(status: FeedStatus): void {
    this.status = status;
    this.notify();
  }

  private open(): void {
    this.retryTimer = null;
    if (this.status.kind !== "reconnecting") this.setStatus({ kind: "connecting" });
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.hadOpened) this.reconnects += 1;
      this.hadOpened = true;
      this.attempt = 0;
      this.lastFrameAt = Date.now();
      this.setStatus({ kind: "live", since: Date.now() });
      for (const [topic, sub] of this.subs) this.sendSubscribe(topic, sub);
      this.startHeartbeat();
    };
    socket.onmessage = (event: MessageEvent) => this.receive(String(event.data));
    socket.onclose = (event: CloseEvent) => this.dropped(`closed (${event.code})`);
    socket.onerror = () => undefined; // onclose follows and carries the decision
  }

  private receive(text: string): void {
    this.lastFrameAt = Date.now();
    const frame = parseServerFrame(text);
    if (!frame) return;
    switch (frame.type) {
      case "events": {
        const sub = this.subs.get(frame.topic);
        if (!sub) {
          this.ignoredFrames += 1;
          return;
        }
        const last = frame.events.at(-1);
        if (last) sub.token = laterToken(sub.token, last.token);
        sub.handler.onEvents(frame.events);
        return;
      }
      case "subscribed": {
        const sub = this.subs.get(frame.topic);
        if (sub) sub.token = laterToken(sub.token, frame.token);
        return;
      }
      case "resync": {
        if (frame.removed) {
          // Not a catch-up: a gap the page must show. Resume after it from now on.
          const sub = this.subs.get(frame.topic);
          if (sub) sub.token = laterToken(sub.token, frame.token);
          sub?.handler.onRemoved?.(frame);
          return;
        }
        this.lastResync = { ...frame, at: Date.now() };
        this.notify();
        return;
      }
      case "error": {
        const sub = frame.topic ? this.subs.get(frame.topic) : undefined;
        sub?.handler.onError?.(frame);
        return;
      }
      case "pong":
        return;
    }
  }

  private dropped(reason: string): void {
    this.detach();
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt += 1;
    this.setStatus({
      kind: "reconnecting",
      attempt: this.attempt,
      retryAt: Date.now() + delay,
      reason,
    });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  /** Forget the current socket (its late callbacks are ignored); returns it. */
  private detach(): SocketLike | null {
    const socket = this.socket;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onclose = socket.onmessage = socket.onerror = null;
    }
    return socket;
  }

  private startHeartbeat(): void {
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastFrameAt > this.options.deadAfterMs) {
        const socket = this.socket;
        this.dropped("no answer to heartbeats");
        socket?.close();
        return;
      }
      this.send({ type: "ping" });
    }, this.options.heartbeatMs);
  }

  private sendSubscribe(topic: string, sub: Subscription): void {
    this.send(
      sub.token === null
        ? { type: "subscribe", topic }
        : { type: "subscribe", topic, after: sub.token },
    );
  }

  private send(frame: ClientFrame): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }
}
