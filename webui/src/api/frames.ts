/** WebSocket frames of the read service's `/ws` (shared/frames.py), tagged by `type`. */

import type { EventView } from "./types";

export type ClientFrame =
  | { type: "subscribe"; topic: string; after?: string }
  | { type: "unsubscribe"; topic: string }
  | { type: "ping" };

export interface EventsFrame {
  type: "events";
  topic: string;
  events: EventView[];
}

export interface SubscribedFrame {
  type: "subscribed";
  topic: string;
  token: string;
}

/**
 * Events of the topic go on after `token`. `removed`: the resume token lay before the
 * session's retention horizon; the events between were removed (archived) for good.
 * Otherwise the client was too slow and the server catches up with nothing lost.
 */
export interface ResyncFrame {
  type: "resync";
  topic: string;
  token: string;
  reason: string;
  removed?: boolean;
}

export interface ErrorFrame {
  type: "error";
  code: string;
  message: string;
  topic?: string | null;
}

export interface PongFrame {
  type: "pong";
}

export type ServerFrame = EventsFrame | SubscribedFrame | ResyncFrame | ErrorFrame | PongFrame;

/** Replays a topic from its very first event. */
export const ORIGIN_TOKEN = "0";

/** Decode a server frame; null for anything that is not a known frame. */
export function parseServerFrame(text: string): ServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const type = (value as { type?: unknown }).type;
  switch (type) {
    case "events":
    case "subscribed":
    case "resync":
    case "error":
    case "pong":
      return value as ServerFrame;
    default:
      return null;
  }
}
