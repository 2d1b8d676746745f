/** Creates the app-wide singletons once, at start-up (the composition root). */

import { CommandClient } from "../api/commands";
import { TokenStore } from "../api/token";
import { FeedConnection } from "../feed/connection";
import { diagnostics } from "../store/diagnostics";
import type { Services } from "./useServices";

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
