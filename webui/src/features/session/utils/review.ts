/**
 * Review, as pure rules: which review commands a session offers, what approve sends, and
 * how a refused approve (409 with `{reason, files}`) reads.
 */

import { ApiError } from "../../../lib/api/http";
import type { Approve, MergeStrategy, SessionStatus, SessionView } from "../../../lib/api/types";

/** Statuses a session's branch may be discarded or kept from (shared/contract/lifecycle.py). */
const PUT_AWAY_FROM = new Set<SessionStatus>([
  "completed",
  "failed",
  "cancelled",
  "interrupted",
  "awaiting_review",
]);

export interface ReviewChoices {
  approve: boolean;
  resolve: boolean;
  discard: boolean;
  keep: boolean;
}

/** What the orchestrator would accept for this session now. */
export function reviewChoices(session: SessionView): ReviewChoices {
  const branch = Boolean(session.isolated && session.branch);
  const inReview = branch && session.status === "awaiting_review";
  const toBranch = inReview && Boolean(session.base_ref);
  const aside = branch && PUT_AWAY_FROM.has(session.status);
  return { approve: toBranch, resolve: toBranch, discard: aside, keep: aside };
}

/**
 * Approve's body. A message left as suggested is not sent, so the orchestrator writes its
 * default (the same title, then the session's title and a `Pilothouse-Session:` trailer);
 * rebase keeps the session's own messages and takes none.
 */
export function approveBody(strategy: MergeStrategy, message: string, suggested: string): Approve {
  const text = message.trim();
  if (strategy === "rebase" || !text || text === suggested.trim()) return { strategy };
  return { strategy, message: text };
}

export type RefusalReason =
  "other_branch" | "dirty" | "conflict" | "worktree_dirty" | "checkout_changed";

/** What the user can do about each refusal. */
export const REFUSAL_HINTS: Record<RefusalReason, string> = {
  other_branch: "Check out the base branch in the project's checkout, then approve again.",
  dirty:
    "Commit or stash your own changes to these files in the project's checkout, then approve again.",
  conflict:
    "The branch conflicts with its base in these files: resolve the conflicts, then approve.",
  worktree_dirty: "The session's worktree holds uncommitted changes to these files.",
  checkout_changed: "The project's checkout moved while merging: approve again.",
};

export interface Refusal {
  reason: string;
  message: string;
  files: string[];
  hint: string | null;
}

/** A review command's 409 refusal with its reason and files; null for any other error. */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const extra = error.body?.extra;
  if (typeof extra !== "object" || extra === null || Array.isArray(extra)) return null;
  const { reason, files } = extra as { reason?: unknown; files?: unknown };
  if (typeof reason !== "string") return null;
  const names = Array.isArray(files) ? files.filter((f): f is string => typeof f === "string") : [];
  const hint = REFUSAL_HINTS[reason as RefusalReason] ?? null;
  return { reason, message: error.message, files: names, hint };
}

/** The first characters of a commit id, as git shows it. */
export const shortSha = (sha: string | null | undefined): string => (sha ? sha.slice(0, 8) : "");
