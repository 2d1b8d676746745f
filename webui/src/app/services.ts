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
  const commands = new CommandClient(tokens);
  // A token from the address is checked at once: a wrong one is said now, not at the
  // first command (a refusal forgets it; an unreachable orchestrator leaves it be).
  if (tokens.captureFromUrl(location, history)) void commands.checkToken().catch(() => {});
  const feed = new FeedConnection({ url: feedUrl() });
  diagnostics.feed = feed;
  return { tokens, commands, feed };
}
