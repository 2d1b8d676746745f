/**
 * WebSocket frames of the read service's `/ws` (shared/contract/frames.py), tagged by
 * `type`, as generated from webui/openapi/frames.json (`make types`).
 */

import type { components } from "./generated/frames";

type Frames = components["schemas"];

export type ClientFrame = Frames["ClientFrame"];
export type ServerFrame = Frames["ServerFrame"];
export type EventsFrame = Frames["Events"];
export type SubscribedFrame = Frames["Subscribed"];
/**
 * Events of the topic go on after `token`. `removed`: the resume token lay before the
 * session's retention horizon; the events between were removed (archived) for good.
 * Otherwise the client was too slow and the server catches up with nothing lost.
 */
export type ResyncFrame = Frames["Resync"];
export type ErrorFrame = Frames["Error"];
export type PongFrame = Frames["Pong"];

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
