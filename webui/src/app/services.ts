/** The app-wide singletons — token, command client, the one WebSocket — and their context. */

import { createContext, useContext } from "react";
import { CommandClient } from "../api/commands";
import { TokenStore } from "../api/token";
import { FeedConnection } from "../feed/connection";
import { diagnostics } from "../store/diagnostics";

export interface Services {
  tokens: TokenStore;
  commands: CommandClient;
  feed: FeedConnection;
}

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

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices outside ServicesContext");
  return services;
}
