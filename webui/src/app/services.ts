/** Creates the app-wide singletons once, at start-up (the composition root). */

import type { Services } from "../hooks/useServices";
import { CommandClient } from "../lib/api/commands";
import { TokenStore } from "../lib/api/token";
import { FeedConnection } from "../lib/feed/connection";
import { diagnostics } from "../lib/feed/diagnostics";

/** The read service's WebSocket, on the origin that served the UI. */
export function feedUrl(loc: Location = location): string {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${loc.host}/ws`;
}

export function createServices(): Services {
  const tokens = new TokenStore(localStorage);
  tokens.captureFromUrl(location, history);
  const feed = new FeedConnection({ url: feedUrl() });
  diagnostics.feed = feed;
  return { tokens, commands: new CommandClient(tokens), feed };
}
