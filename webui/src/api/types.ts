/**
 * TypeScript mirror of the wire contract: shared/wire.py (views, commands),
 * shared/frames.py (WebSocket frames) and shared/payloads.py (agent-log payloads).
 * Datetimes arrive as ISO 8601 strings (msgspec's encoding).
 */

export type ProjectStatus = "pending" | "ready" | "failed";
export type SessionStatus =
  | "queued"
  | "running"
  | "waiting"
  | "completed"
  | "failed"
  | "cancelled"
  | "interrupted";
export type AgentKind = "spec" | "plan" | "build" | "docs" | "debug";
export type AgentStatus = "queued" | "running" | "completed" | "failed" | "cancelled" | "interrupted";
export type ModelMode = "claude" | "scripted";
export type EventKind =
  | "project_changed"
  | "session_changed"
  | "agent_changed"
  | "phase"
  | "system"
  | "user"
  | "text"
  | "thinking"
  | "tool_use"
  | "tool_result"
  | "result"
  | "stderr"
  | "error";

/** The default phases of a session, in the order they run (shared.enums.PIPELINE). */
export const PIPELINE: readonly AgentKind[] = ["spec", "plan", "build", "docs"];
export const SESSION_STATUSES: readonly SessionStatus[] = [
  "queued",
  "running",
  "waiting",
  "completed",
  "failed",
  "cancelled",
  "interrupted",
];

export interface ProjectView {
  id: number;
  slug: string;
  name: string;
  path: string;
  description: string | null;
  status: ProjectStatus;
  default_branch: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface UsageTotals {
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  turns: number;
}

export interface SessionView extends UsageTotals {
  id: number;
  slug: string;
  project_id: number;
  title: string;
  prompt: string;
  status: SessionStatus;
  current_phase: AgentKind | null;
  phases: AgentKind[];
  artifact_dir: string;
  model_mode: ModelMode;
  error: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface AgentView extends UsageTotals {
  id: number;
  session_id: number;
  kind: AgentKind;
  status: AgentStatus;
  claude_session_id: string | null;
  resumed_from: number | null;
  model: string | null;
  prompt: string;
  duration_ms: number;
  error: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface EventView {
  id: number;
  /** Place of this event in the feed (events arrive in this order). */
  position: number;
  /** The position as a string, exact past 2^53: resume strictly after it. */
  token: string;
  project_id: number | null;
  session_id: number | null;
  agent_id: number | null;
  kind: EventKind;
  payload: Record<string, unknown>;
  created_at: string;
}

/** Events of a session removed by the retention command (docs/operations.md). */
export interface RetentionView {
  /** The last position removed: the session's pages and topic start after it. */
  horizon: string;
  events_removed: number;
  /** The gzip JSON Lines file they were written to, if archived. */
  archive: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface SessionDetail {
  session: SessionView;
  project: ProjectView;
  agents: AgentView[];
  token: string;
  /** Set when old events of the session were removed by retention. */
  retention?: RetentionView | null;
}

export interface Page<T> {
  items: T[];
  next: string | null;
  token: string;
}

export interface ErrorBody {
  status_code: number;
  detail: string;
  extra?: Record<string, unknown> | unknown[] | null;
}

export interface Accepted {
  id: number;
  slug: string;
  status: string;
  token: string;
}

export interface ArtifactEntry {
  path: string;
  size: number;
  modified: string;
}

export interface BrowseEntry {
  name: string;
  path: string;
  is_dir: boolean;
  is_git: boolean;
}

export interface BrowseListing {
  path: string | null;
  parent: string | null;
  roots: string[];
  entries: BrowseEntry[];
}

export interface UiConfig {
  orchestrator_url: string;
  version: string;
}

// ------------------------------------------------------------------ commands

export interface RegisterProject {
  path: string;
  name?: string;
  slug?: string;
  description?: string;
}

export interface StartSession {
  project: string;
  prompt: string;
  title?: string;
  phases?: AgentKind[];
}
