/** The read service's REST API (GET only), served from the UI's own origin. */

import { fetchJson, fetchOk, query } from "./http";
import type {
  ArtifactEntry,
  BrowseListing,
  EventView,
  Page,
  ProjectView,
  SessionDetail,
  SessionStatus,
  SessionView,
  UiConfig,
} from "./types";

const api = (path: string) => `/api${path}`;

export const PAGE_SIZE = 500;

export function getConfig(): Promise<UiConfig> {
  return fetchJson<UiConfig>(api("/config"));
}

export function listProjects(archived = false): Promise<Page<ProjectView>> {
  return fetchJson(api(`/projects${query({ archived })}`));
}

export interface SessionFilters {
  project?: string;
  status?: SessionStatus[];
}

export function listSessions(
  filters: SessionFilters,
  cursor: string | null = null,
  limit = 50,
): Promise<Page<SessionView>> {
  const status = filters.status?.length ? filters.status.join(",") : undefined;
  return fetchJson(api(`/sessions${query({ project: filters.project, status, limit, cursor })}`));
}

export function getSession(ref: string | number): Promise<SessionDetail> {
  return fetchJson(api(`/sessions/${encodeURIComponent(String(ref))}`));
}

/** Which log a page of events comes from: a whole session, or one agent. */
export type LogSource = { session: number } | { agent: number };

export interface EventsQuery {
  after?: string;
  before?: string;
  limit?: number;
}

export function listEvents(source: LogSource, q: EventsQuery): Promise<Page<EventView>> {
  const base = "session" in source ? `/sessions/${source.session}` : `/agents/${source.agent}`;
  return fetchJson(api(`${base}/events${query({ limit: PAGE_SIZE, ...q })}`));
}

export function listArtifacts(session: number): Promise<ArtifactEntry[]> {
  return fetchJson(api(`/sessions/${session}/artifacts`));
}

/** An artifact's text, read-only; the path is relative to the session's artifact dir. */
export async function readArtifact(session: number, path: string): Promise<string> {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const response = await fetchOk(api(`/sessions/${session}/artifacts/${encoded}`));
  return response.text();
}

export function browse(path: string | null): Promise<BrowseListing> {
  return fetchJson(api(`/browse${query({ path })}`));
}
