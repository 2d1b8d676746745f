/**
 * What a change of a session means to the user watching every tab: it came to need an
 * answer (a supervised agent's permission request), failed, or awaits review; and the
 * desktop notification that says so.
 */

import type { SessionView } from "./api/types";

/** Statuses that need the user. */
export const NEEDS_YOU = new Set<string>(["failed", "awaiting_review"]);

export type AttentionKind = "needs an answer" | "failed" | "awaits your review";

/** What the tab last saw of one session. */
export interface Seen {
  status: string;
  pending: number;
}

/** Why `session` now needs the user, given what was last seen of it (null: it does not). */
export function attentionFor(before: Seen | undefined, session: SessionView): AttentionKind | null {
  const pending = session.pending_requests ?? 0;
  if (pending > (before?.pending ?? 0)) return "needs an answer";
  if (before?.status === session.status || !NEEDS_YOU.has(session.status)) return null;
  return session.status === "failed" ? "failed" : "awaits your review";
}

export function notify(session: SessionView, kind: AttentionKind): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  const tag =
    kind === "needs an answer"
      ? `pilothouse-session-${session.id}-request-${session.pending_requests}`
      : `pilothouse-session-${session.id}-${session.status}`;
  const note = new Notification(`Pilothouse: ${session.title}`, {
    body: `Session ${session.slug} ${kind}.`,
    tag,
  });
  note.onclick = () => {
    window.focus();
    location.assign(`/sessions/${session.id}`);
  };
}
