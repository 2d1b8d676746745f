/** Builders for wire objects in unit tests. */

import type {
  AgentView,
  EventKind,
  EventOf,
  EventView,
  ProjectView,
  SessionView,
} from "../src/lib/api/types";

const AT = "2026-01-01T00:00:00Z";

/** The fields every event has besides its kind and payload. */
type Row = Omit<EventView, "kind" | "payload">;

/** Each kind's event from a row, with a typical payload unless the test gives one. */
const EVENTS: { [K in EventKind]: (row: Row, payload?: EventOf<K>["payload"]) => EventOf<K> } = {
  project_changed: (row, payload = project()) => ({ ...row, kind: "project_changed", payload }),
  session_changed: (row, payload = session()) => ({ ...row, kind: "session_changed", payload }),
  agent_changed: (row, payload = agent()) => ({ ...row, kind: "agent_changed", payload }),
  phase: (row, payload = { phase: "spec", state: "started" }) => ({
    ...row,
    kind: "phase",
    payload,
  }),
  system: (row, payload = { subtype: "init" }) => ({ ...row, kind: "system", payload }),
  user: (row, payload = { text: `prompt ${row.id}` }) => ({ ...row, kind: "user", payload }),
  text: (row, payload = { text: `line ${row.id}` }) => ({ ...row, kind: "text", payload }),
  thinking: (row, payload = { text: `thought ${row.id}` }) => ({
    ...row,
    kind: "thinking",
    payload,
  }),
  tool_use: (row, payload = { tool_use_id: `t${row.id}`, name: "Read", input: {} }) => ({
    ...row,
    kind: "tool_use",
    payload,
  }),
  tool_result: (row, payload = { tool_use_id: `t${row.id}`, content: "" }) => ({
    ...row,
    kind: "tool_result",
    payload,
  }),
  result: (row, payload = { ...agent(), subtype: "success", is_error: false }) => ({
    ...row,
    kind: "result",
    payload,
  }),
  stderr: (row, payload = { line: `stderr ${row.id}` }) => ({ ...row, kind: "stderr", payload }),
  error: (row, payload = { message: `error ${row.id}` }) => ({ ...row, kind: "error", payload }),
  workspace: (row, payload = { action: "created", path: "/tmp/w" }) => ({
    ...row,
    kind: "workspace",
    payload,
  }),
  setup_output: (row, payload = { line: `setup ${row.id}` }) => ({
    ...row,
    kind: "setup_output",
    payload,
  }),
  commit: (
    row,
    payload = {
      sha: "0123456789abcdef",
      parent: "fedcba9876543210",
      kind: "agent",
      message: "Changes",
      files: 1,
      insertions: 1,
      deletions: 0,
    },
  ) => ({ ...row, kind: "commit", payload }),
  gate: (row, payload = { gate: "tests", command: "make test", run: 1, required: true }) => ({
    ...row,
    kind: "gate",
    payload,
  }),
  gate_output: (row, payload = { gate: "tests", line: `gate ${row.id}` }) => ({
    ...row,
    kind: "gate_output",
    payload,
  }),
  comment: (
    row,
    payload = {
      action: "added",
      comment_id: 1,
      path: "a.py",
      side: "new",
      line_start: 1,
      line_end: 1,
    },
  ) => ({ ...row, kind: "comment", payload }),
  permission_changed: (
    row,
    payload = {
      id: 1,
      session_id: 1,
      agent_id: 1,
      kind: "tool",
      tool_name: "Bash",
      tool_input: { command: "echo hi" },
      reason: null,
      questions: [],
      status: "pending",
      decision: null,
      message: null,
      answers: null,
      created_at: AT,
      answered_at: null,
      expires_at: AT,
    },
  ) => ({ ...row, kind: "permission_changed", payload }),
};

/** An event of `kind` at feed position `id` (unless `extra` says another); `extra`
 * overrides any field. */
export function event<K extends EventKind = "text">(
  id: number,
  kind: K = "text" as K,
  extra: Partial<Row> & { payload?: EventOf<K>["payload"] } = {},
): EventOf<K> {
  const { payload, ...fields } = extra;
  const position = fields.position ?? id;
  const row = { id, position, token: String(position), project_id: 1, session_id: 1, agent_id: 7 };
  return EVENTS[kind]({ ...row, created_at: AT, ...fields }, payload);
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
