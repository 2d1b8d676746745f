/** Keyboard conventions the UI follows (WAI-ARIA tabs; Ctrl/⌘+Enter submits). */

import type { KeyboardEvent } from "react";

/** The tab an arrow, Home or End key moves to from `current`, or null for other keys. */
export function tabAfterKey<T>(tabs: readonly T[], current: T, key: string): T | null {
  const at = tabs.indexOf(current);
  if (key === "ArrowRight") return tabs[(at + 1) % tabs.length];
  if (key === "ArrowLeft") return tabs[(at - 1 + tabs.length) % tabs.length];
  if (key === "Home") return tabs[0];
  if (key === "End") return tabs[tabs.length - 1];
  return null;
}

/** Ctrl+Enter (⌘+Enter on a Mac): submit what is being written. */
export function isSubmitKey(event: KeyboardEvent): boolean {
  return event.key === "Enter" && (event.ctrlKey || event.metaKey);
}
