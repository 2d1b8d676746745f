/** Pure descriptions of log events: their one-line summaries and kind labels (tone.ts: how loud). */

import type { EventOf, EventView } from "../../../lib/api/types";
import { formatCost, formatCount, formatDuration } from "../../../lib/format";
import { requestSummary } from "./permissions";

/**
 * How an agent run ended, in words: "cancelled" (a user's cancel, which the SDK reports as
 * an error), "failed" (with the SDK's subtype when it says more than "success", which it
 * also reports for some failures), or the subtype of a success. As the contract's
 * `ResultPayload.outcome` words it for the CLI.
 */
export function resultOutcome(result: EventOf<"result">["payload"]): string {
  if (result.cancelled) return "cancelled";
  if (result.is_error)
    return result.subtype === "success" ? "failed" : `failed (${result.subtype})`;
  return result.subtype;
}

/** The input field that best says what a tool call does, per common Claude Code tools. */
const KEY_FIELDS = [
  "file_path",
  "command",
  "pattern",
  "path",
  "url",
  "query",
  "description",
  "prompt",
];

export function summarizeToolInput(input: Record<string, unknown>): string {
  for (const key of KEY_FIELDS) {
    const value = input[key];
    if (typeof value === "string" && value.trim()) return firstLine(value, 160);
  }
  const keys = Object.keys(input);
  return keys.length ? keys.join(", ") : "";
}

export function firstLine(text: string, max = 200): string {
  const line = text.split("\n", 1)[0];
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function lineCount(text: string): number {
  return text === "" ? 0 : text.split("\n").length;
}

/** One-line summary of an event; the row shows more when expanded. */
export function summarize(event: EventView, toolName?: string): string {
  switch (event.kind) {
    case "phase": {
      const phase = event.payload;
      return `${phase.phase} ${phase.state}`;
    }
    case "system": {
      const s = event.payload;
      if (s.subtype === "cancelled") return "cancelled: the agent stopped here";
      const parts = [s.subtype, s.model, s.tools?.length ? `${s.tools.length} tools` : null, s.cwd];
      return parts.filter(Boolean).join(" · ");
    }
    case "tool_use":
      return summarizeToolInput(event.payload.input);
    case "tool_result": {
      const r = event.payload;
      // What it said, as the CLI shows it: the first line, and how many more there are.
      const more = lineCount(r.content) - 1;
      const what = `${r.is_error ? "error from" : "result of"} ${toolName ?? "tool"}`;
      const said = r.content.trim() ? firstLine(r.content.trim(), 160) : "(empty)";
      const rest = more > 0 ? ` (+${more} line${more === 1 ? "" : "s"})` : "";
      return `${what}: ${said}${rest}${r.truncated ? " (truncated)" : ""}`;
    }
    case "result": {
      const r = event.payload;
      return [
        resultOutcome(r),
        formatCost(r.cost_usd),
        `${r.turns} turns`,
        formatDuration(r.duration_ms),
        `${formatCount(r.input_tokens)} in / ${formatCount(r.output_tokens)} out`,
      ].join(" · ");
    }
    case "stderr":
      return event.payload.line;
    case "error":
      return event.payload.message;
    case "session_changed": {
      const s = event.payload;
      return `session ${s.status}${s.current_phase ? ` · phase ${s.current_phase}` : ""} · ${formatCost(s.cost_usd)}`;
    }
    case "agent_changed": {
      const a = event.payload;
      return `${a.kind} agent #${a.id} ${a.status} · ${formatCost(a.cost_usd)}`;
    }
    case "project_changed":
      return `project ${event.payload.slug} changed`;
    case "user":
    case "text":
    case "thinking":
      return firstLine(event.payload.text);
    case "workspace": {
      const w = event.payload;
      return [w.action, w.path ?? w.branch ?? w.command, w.commit?.slice(0, 12)]
        .filter(Boolean)
        .join(" · ");
    }
    case "setup_output":
      return event.payload.line;
    case "commit": {
      const c = event.payload;
      return `commit ${c.sha.slice(0, 12)} · ${c.files} files, +${c.insertions} -${c.deletions}`;
    }
    case "gate": {
      const g = event.payload;
      const kind = g.required ? "gate" : "advisory gate";
      if (!g.outcome) return `${kind} ${g.gate} · ${g.command}`;
      const code =
        g.exit_code === null || g.exit_code === undefined ? "" : ` · exit ${g.exit_code}`;
      return `${kind} ${g.gate} ${g.outcome.replace("_", " ")}${code}`;
    }
    case "gate_output":
      return event.payload.line;
    case "comment": {
      const c = event.payload;
      const lines =
        c.line_start === c.line_end ? `${c.line_start}` : `${c.line_start}-${c.line_end}`;
      return `comment #${c.comment_id} on ${c.path}:${lines} ${c.action}`;
    }
    case "permission_changed":
      return requestSummary(event.payload);
  }
}

/** Short label of an event kind for the log's kind column. */
export const KIND_LABELS: Record<EventView["kind"], string> = {
  project_changed: "project",
  session_changed: "state",
  agent_changed: "state",
  phase: "phase",
  system: "system",
  user: "prompt",
  text: "assistant",
  thinking: "thinking",
  tool_use: "tool",
  tool_result: "result",
  result: "done",
  stderr: "stderr",
  error: "error",
  workspace: "branch",
  setup_output: "setup",
  commit: "commit",
  gate: "gate",
  gate_output: "gate",
  comment: "comment",
  permission_changed: "request",
};

const TOOL_LOOKBACK = 500;

/**
 * The name of the tool a tool_result at `index` answers: the nearest earlier tool_use
 * with the same id. Ids are only unique within one assistant turn, so the nearest
 * match, not a global map, is the right one.
 */
export function toolNameFor(rows: readonly EventView[], index: number): string | undefined {
  const result = rows[index];
  if (result?.kind !== "tool_result") return undefined;
  const id = result.payload.tool_use_id;
  for (let i = index - 1; i >= 0 && i >= index - TOOL_LOOKBACK; i--) {
    const row = rows[i];
    if (row.kind === "tool_use" && row.payload.tool_use_id === id) return row.payload.name;
  }
  return undefined;
}
