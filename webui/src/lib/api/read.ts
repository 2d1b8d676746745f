/** The read service's REST API (GET only), served from the UI's own origin. */

import { fetchJson, fetchOk, query } from "./http";
import type {
  ArtifactEntry,
  BrowseListing,
  ChangeSet,
  Checks,
  CommentView,
  CommitView,
  EventView,
  FileDiff,
  GateView,
  Page,
  ProjectView,
  SearchPage,
  SessionDetail,
  SessionStatus,
  SessionView,
  UiConfig,
} from "./types";

const api = (path: string) => `/api${path}`;

/** A relative path in an address: each segment encoded, the slashes kept. */
const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

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
  /** Only sessions with a permission request waiting for the user. */
  needsYou?: boolean;
}

export function listSessions(
  filters: SessionFilters,
  cursor: string | null = null,
  limit = 50,
): Promise<Page<SessionView>> {
  const status = filters.status?.length ? filters.status.join(",") : undefined;
  const needs_you = filters.needsYou ? "true" : undefined;
  return fetchJson(
    api(`/sessions${query({ project: filters.project, status, needs_you, limit, cursor })}`),
  );
}

export function getSession(ref: string | number): Promise<SessionDetail> {
  return fetchJson(api(`/sessions/${encodeURIComponent(String(ref))}`));
}

/** Which log a page of events comes from: a whole session, or one agent. */
export type LogSource = { session: number } | { agent: number };

/** What a person narrows a log to (docs/api.md, "Search and log filters"). */
export interface LogFilter {
  /** Event kinds, e.g. text, tool_use, error. */
  kinds: string[];
  /** Tool names: their calls and the results that answer them. */
  tools: string[];
  errors: boolean;
}

export const NO_FILTER: LogFilter = { kinds: [], tools: [], errors: false };

/** The filter as query parameters (absent when not set). */
export function filterParams(filter: LogFilter): Record<string, string | undefined> {
  return {
    kind: filter.kinds.length ? filter.kinds.join(",") : undefined,
    tool: filter.tools.length ? filter.tools.join(",") : undefined,
    errors: filter.errors ? "true" : undefined,
  };
}

export interface EventsQuery {
  after?: string;
  before?: string;
  limit?: number;
  filter?: LogFilter;
  /** Words the events must match. */
  q?: string;
}

export function listEvents(source: LogSource, q: EventsQuery): Promise<Page<EventView>> {
  const base = "session" in source ? `/sessions/${source.session}` : `/agents/${source.agent}`;
  const { filter, ...rest } = q;
  const params = { limit: PAGE_SIZE, ...rest, ...(filter ? filterParams(filter) : {}) };
  return fetchJson(api(`${base}/events${query(params)}`));
}

export interface SearchQuery {
  q: string;
  project?: string;
  session?: string;
  kind?: string;
  tool?: string;
  errors?: boolean;
  since?: string;
  until?: string;
  cursor?: string | null;
  limit?: number;
}

/** Full-text search over every session's log, newest first, grouped. */
export function searchEvents(q: SearchQuery): Promise<SearchPage> {
  return fetchJson(api(`/search${query({ ...q, errors: q.errors ? "true" : undefined })}`));
}

export function listArtifacts(session: number): Promise<ArtifactEntry[]> {
  return fetchJson(api(`/sessions/${session}/artifacts`));
}

/** An artifact's text, read-only; the path is relative to the session's artifact dir. */
export async function readArtifact(session: number, path: string): Promise<string> {
  const response = await fetchOk(api(`/sessions/${session}/artifacts/${encodePath(path)}`));
  return response.text();
}

/** The files a session changed against its base, or (with `agent`) one agent's commit. */
export function getChanges(session: number, agent: number | null = null): Promise<ChangeSet> {
  return fetchJson(api(`/sessions/${session}/changes${query({ agent })}`));
}

/** One changed file's unified diff, as stored when its commit was made. */
export function getFileDiff(
  session: number,
  path: string,
  agent: number | null = null,
): Promise<FileDiff> {
  return fetchJson(api(`/sessions/${session}/changes/${encodePath(path)}${query({ agent })}`));
}

/** The commits on a session's branch, oldest first. */
export function listCommits(session: number): Promise<CommitView[]> {
  return fetchJson(api(`/sessions/${session}/commits`));
}

/** A project's QA gates in the order they run. */
export function listGates(project: string | number): Promise<GateView[]> {
  return fetchJson(api(`/projects/${encodeURIComponent(String(project))}/gates`));
}

/** A session's gate results of every check run, and their state. */
export function getChecks(session: number): Promise<Checks> {
  return fetchJson(api(`/sessions/${session}/checks`));
}

/** A session's review comments, by file and line. */
export function listComments(session: number): Promise<CommentView[]> {
  return fetchJson(api(`/sessions/${session}/comments`));
}

export function browse(path: string | null): Promise<BrowseListing> {
  return fetchJson(api(`/browse${query({ path })}`));
}
