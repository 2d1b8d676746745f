/** The app-wide singletons — token, command client, the one WebSocket — and their context. */

import { createContext, useContext } from "react";
import type { CommandClient } from "../lib/api/commands";
import type { TokenStore } from "../lib/api/token";
import type { FeedConnection } from "../lib/feed/connection";

export interface Services {
  tokens: TokenStore;
  commands: CommandClient;
  feed: FeedConnection;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices outside ServicesContext");
  return services;
}
