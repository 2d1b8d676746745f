/** Builders for wire objects in unit tests. */

import type { AgentView, EventKind, EventView, ProjectView, SessionView } from "../src/api/types";

const AT = "2026-01-01T00:00:00Z";

export function event(id: number, kind: EventKind = "text", extra: Partial<EventView> = {}): EventView {
  return {
    id,
    position: extra.position ?? id,
    token: String(extra.position ?? id),
    project_id: 1,
    session_id: 1,
    agent_id: 7,
    kind,
    payload: kind === "text" ? { text: `line ${id}` } : {},
    created_at: AT,
    ...extra,
  };
}

export function session(extra: Partial<SessionView> = {}): SessionView {
  return {
    id: 1,
    slug: "s-1",
    project_id: 1,
    title: "Session one",
    prompt: "do it",
    status: "queued",
    current_phase: null,
    phases: ["spec", "plan", "build", "docs"],
    artifact_dir: "/tmp/a",
    model_mode: "scripted",
    cost_usd: 0,
    input_tokens: 0,
    output_tokens: 0,
    cache_read_tokens: 0,
    cache_creation_tokens: 0,
    turns: 0,
    error: null,
    created_at: AT,
    updated_at: AT,
    started_at: null,
    finished_at: null,
    ...extra,
  };
}

export function agent(extra: Partial<AgentView> = {}): AgentView {
  return {
    id: 7,
    session_id: 1,
    kind: "spec",
    status: "running",
    claude_session_id: null,
    resumed_from: null,
    model: null,
    prompt: "p",
    cost_usd: 0,
    input_tokens: 0,
    output_tokens: 0,
    cache_read_tokens: 0,
    cache_creation_tokens: 0,
    turns: 0,
    duration_ms: 0,
    error: null,
    created_at: AT,
    updated_at: AT,
    started_at: null,
    finished_at: null,
    ...extra,
  };
}

export function project(extra: Partial<ProjectView> = {}): ProjectView {
  return {
    id: 1,
    slug: "demo",
    name: "Demo",
    path: "/home/demo",
    description: null,
    status: "ready",
    default_branch: "main",
    created_at: AT,
    updated_at: AT,
    archived_at: null,
    ...extra,
  };
}

/** A `*_changed` event carrying `view` at feed position `id`. */
export function changed(id: number, kind: EventKind, view: object): EventView {
  return event(id, kind, { payload: view as Record<string, unknown> });
}
