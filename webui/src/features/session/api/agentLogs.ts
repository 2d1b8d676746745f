/**
 * The logs of single agents on the session page. Each is its newest page from the
 * agent's own endpoint, joined to the session log's events of that agent from that point
 * on (the session log is complete from its first loaded event to now), then kept live
 * from the session feed.
 */

import type { EventView } from "../../../lib/api/types";
import { compareTokens } from "../../../lib/feed/position";
import { EventLog } from "./eventLog";
import type { SessionReadApi } from "./sessionFeed";

export interface AgentLogHost {
  read: SessionReadApi;
  /** Resolves once the session log has its first page. */
  ready: () => Promise<void>;
  /** The session log's live token to join at, or null before the session is loaded. */
  joinToken: () => string | null;
  sessionLog: EventLog;
  failed: (error: unknown) => void;
}

export class AgentLogs {
  private readonly logs = new Map<number, EventLog>();
  private readonly host: AgentLogHost;

  constructor(host: AgentLogHost) {
    this.host = host;
  }

  /** The log of one agent, loaded on first use. */
  get(agentId: number): EventLog {
    const existing = this.logs.get(agentId);
    if (existing) return existing;
    const log = new EventLog();
    this.logs.set(agentId, log);
    void this.load(agentId, log);
    return log;
  }

  /** Add live events of the session to the logs of their agents. */
  receive(events: EventView[]): void {
    for (const [agentId, log] of this.logs) {
      const own = events.filter((event) => event.agent_id === agentId);
      if (own.length) log.add(own, { countDuplicates: false });
    }
  }

  private async load(agentId: number, log: EventLog): Promise<void> {
    await this.host.ready();
    const from = this.host.joinToken();
    if (from === null) return;
    try {
      const page = await this.host.read.listEvents({ agent: agentId }, { before: from });
      log.add(page.items, { countDuplicates: true });
      const held = this.host.sessionLog.events;
      const since: EventView[] = [];
      for (let i = held.length - 1; i >= 0 && compareTokens(held[i].token, from) >= 0; i--) {
        if (held[i].agent_id === agentId) since.push(held[i]);
      }
      log.add(since, { countDuplicates: false });
      log.setOlderCursor(page.next);
    } catch (error) {
      this.host.failed(error);
    }
  }
}
