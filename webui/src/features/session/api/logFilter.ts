/**
 * A log filter applied to live events, the same rule the server applies to pages
 * (services/read/db/log_filters.py): kinds, tools (a call, and the result answering
 * it), errors only. A tool result names only its call's id, so the matcher learns the
 * ids of the calls it has seen of the chosen tools.
 */

import type { LogFilter } from "../../../lib/api/read";
import type { EventView } from "../../../lib/api/types";

/** A stable key of a filter (one filtered log per distinct filter). */
export function filterKey(filter: LogFilter): string {
  return JSON.stringify([[...filter.kinds].sort(), [...filter.tools].sort(), filter.errors]);
}

export function isFiltered(filter: LogFilter): boolean {
  return filter.kinds.length > 0 || filter.tools.length > 0 || filter.errors;
}

/** Whether an event is an error: error and stderr lines, failed tool results and runs. */
export function isError(event: EventView): boolean {
  if (event.kind === "error" || event.kind === "stderr") return true;
  if (event.kind === "tool_result" || event.kind === "result")
    return event.payload.is_error === true;
  return false;
}

export class FilterMatcher {
  readonly filter: LogFilter;
  private readonly calls = new Set<string>();

  constructor(filter: LogFilter) {
    this.filter = filter;
  }

  /** Remember the calls of the chosen tools among events loaded from the server. */
  learn(events: readonly EventView[]): void {
    for (const event of events) this.learnOne(event);
  }

  private learnOne(event: EventView): void {
    if (event.kind === "tool_use" && this.filter.tools.includes(event.payload.name))
      this.calls.add(event.payload.tool_use_id);
  }

  matches(event: EventView): boolean {
    const { kinds, tools, errors } = this.filter;
    this.learnOne(event);
    if (kinds.length && !kinds.includes(event.kind)) return false;
    if (errors && !isError(event)) return false;
    if (!tools.length) return true;
    if (event.kind === "tool_use") return tools.includes(event.payload.name);
    if (event.kind === "tool_result") return this.calls.has(event.payload.tool_use_id);
    return false;
  }
}
