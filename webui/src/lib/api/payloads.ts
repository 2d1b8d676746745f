/** Payload shapes of the agent-log event kinds (shared/payloads.py). */

import type { AgentKind, UsageTotals } from "./types";

export interface PhasePayload {
  phase: AgentKind;
  state: "started" | "completed" | "failed" | "cancelled" | "interrupted";
  agent_id?: number | null;
}

export interface SystemPayload {
  subtype: string;
  claude_session_id?: string | null;
  model?: string | null;
  cwd?: string | null;
  tools?: string[];
  /** True when the answers come from the local scripted model, not Claude. */
  scripted?: boolean;
  data?: Record<string, unknown>;
}

export interface UserPayload {
  text: string;
}

/** Assistant text (markdown) or a thinking block. */
export interface TextPayload {
  text: string;
  truncated?: boolean;
}

export interface ToolUsePayload {
  tool_use_id: string;
  name: string;
  input: Record<string, unknown>;
  truncated?: boolean;
}

export interface ToolResultPayload {
  tool_use_id: string;
  content: string;
  is_error?: boolean;
  truncated?: boolean;
}

export interface ResultPayload extends UsageTotals {
  subtype: string;
  is_error: boolean;
  duration_ms: number;
  result?: string | null;
}

export interface StderrPayload {
  line: string;
}

export interface ErrorPayload {
  message: string;
}
