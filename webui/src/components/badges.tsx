/** Status pills and the scripted-model label. */

import type { ModelMode, SessionView } from "../lib/api/types";
import { FENCE_DOCS, HOW_TO_FENCE, UNFENCED_MEANING } from "../lib/fence";
import { Link } from "./Link";

const TONES: Record<string, string> = {
  queued: "neutral",
  pending: "neutral",
  running: "active",
  ready: "ok",
  completed: "ok",
  failed: "bad",
  cancelled: "muted",
  interrupted: "warn",
  awaiting_review: "review",
  merged: "ok",
  discarded: "muted",
  kept: "neutral",
};

export function StatusBadge({ status }: { status: string }) {
  const tone = TONES[status] ?? "neutral";
  return (
    <span className={`badge badge-${tone}`} data-status={status}>
      {tone === "active" && <span className="pulse" aria-hidden />}
      {status}
    </span>
  );
}

/** Shown wherever a session is shown when its agents talk to the local scripted model. */
export function ScriptedBadge({ mode }: { mode: ModelMode }) {
  if (mode !== "scripted") return null;
  return (
    <span
      className="badge badge-scripted"
      title="Answers come from Pilothouse's local scripted model, not Claude: a demo or test run."
      data-testid="scripted-badge"
    >
      scripted model
    </span>
  );
}

/** Shown wherever a session is shown when it ran in place, without a branch of its own. */
export function NotIsolatedBadge({ isolated }: { isolated: boolean | undefined }) {
  if (isolated) return null;
  return (
    <span
      className="badge badge-muted"
      title="The project is not a git repository: the agents worked in its directory directly, with no branch to review."
      data-testid="not-isolated"
    >
      not isolated
    </span>
  );
}

/** A session or agent that ran without the agent fence (PILOTHOUSE_UNFENCED=1). */
export function UnfencedBadge({ unfenced }: { unfenced?: boolean }) {
  if (!unfenced) return null;
  return (
    <span
      className="badge badge-bad"
      title={`${UNFENCED_MEANING} ${HOW_TO_FENCE} See ${FENCE_DOCS}.`}
      data-testid="unfenced-badge"
    >
      unfenced
    </span>
  );
}

/** A session's QA gates as a whole: running, passed or failed (nothing before any ran). */
export function ChecksBadge({ checks }: { checks?: string | null }) {
  if (!checks) return null;
  const tone = checks === "passed" ? "ok" : checks === "failed" ? "bad" : "active";
  return (
    <span className={`badge badge-${tone}`} data-checks={checks} title="QA gates">
      checks {checks}
    </span>
  );
}

/** A session whose risky tool calls wait for the user's answer (supervised mode). */
export function SupervisedBadge({ session }: { session: SessionView }) {
  if (session.supervision !== "supervised") return null;
  return (
    <span
      className="badge badge-neutral"
      title="Supervised: its agents ask before Bash, MCP tools and writes outside their workspace"
      data-testid="supervised-badge"
    >
      supervised
    </span>
  );
}

/** A session whose agents wait for the user's answer: a link to its requests. */
export function NeedsYouBadge({ session }: { session: SessionView }) {
  const waiting = session.pending_requests ?? 0;
  if (waiting === 0) return null;
  return (
    <Link
      to={`/sessions/${session.id}`}
      className="badge badge-needs"
      title={`${waiting} permission request${waiting === 1 ? "" : "s"} waiting for your answer`}
      data-testid="needs-you-badge"
    >
      needs you{waiting > 1 ? ` (${waiting})` : ""}
    </Link>
  );
}
