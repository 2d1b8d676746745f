/** The kinds of log a person filters by, named as they think of them, and common tools. */

import type { EventKind } from "./api/types";

export interface KindGroup {
  name: string;
  label: string;
  kinds: EventKind[];
}

export const KIND_GROUPS: KindGroup[] = [
  { name: "messages", label: "Messages", kinds: ["text", "thinking", "user", "result"] },
  { name: "tools", label: "Tool calls", kinds: ["tool_use", "tool_result"] },
];

/** The group whose kinds are exactly `kinds`, if any. */
export function groupOf(kinds: readonly string[]): KindGroup | undefined {
  const key = [...kinds].sort().join(",");
  return KIND_GROUPS.find((group) => [...group.kinds].sort().join(",") === key);
}

export const COMMON_TOOLS = [
  "Bash",
  "Edit",
  "MultiEdit",
  "Write",
  "Read",
  "Grep",
  "Glob",
  "TodoWrite",
  "WebFetch",
  "WebSearch",
];
