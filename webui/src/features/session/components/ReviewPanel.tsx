/**
 * Review of an isolated session: approve (strategy, editable message), discard (after a
 * confirmation), keep the branch, resolve conflicts. A refused approve shows its reason
 * and files. The session's new status arrives over the feed; this only reports the answer.
 */

import { useState } from "react";
import { ErrorNote } from "../../../components/feedback";
import { useServices } from "../../../hooks/useServices";
import type { MergeStrategy, SessionView } from "../../../lib/api/types";
import { approveBody, refusalOf, reviewChoices, shortSha } from "../utils/review";
import { Closed, RefusalNote } from "./ReviewNotes";

const STRATEGIES: [MergeStrategy, string][] = [
  ["squash", "Squash into one commit"],
  ["merge", "Merge commit"],
  ["rebase", "Rebase (keep the agents' commits)"],
];

type Command = "approve" | "discard" | "keep" | "resolve";

export function ReviewPanel({ session, suggested }: { session: SessionView; suggested: string }) {
  const { commands } = useServices();
  const choices = reviewChoices(session);
  const [strategy, setStrategy] = useState<MergeStrategy>("squash");
  // null until the user edits it: the suggestion can arrive (or change, after a resolve)
  // once the form is shown.
  const [edited, setEdited] = useState<string | null>(null);
  const message = edited ?? suggested;
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState<Command | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (["merged", "discarded", "kept"].includes(session.status)) return <Closed session={session} />;
  if (!choices.discard) return null;

  const send = async (command: Command, act: () => Promise<{ status: string }>) => {
    setPending(command);
    setFailure(null);
    setDone(null);
    try {
      const answer = await act();
      if (command === "resolve")
        setDone(
          answer.status === "queued"
            ? "Resolving: a build agent round is merging the base branch in."
            : "The base branch merged in cleanly: review the updated changes.",
        );
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setPending(null);
      setConfirming(false);
    }
  };
  const refusal = refusalOf(failure);
  const base = session.base_ref ?? shortSha(session.base_commit);

  return (
    <div className="review-panel" data-testid="review-panel">
      {choices.approve && (
        <div className="approve-form">
          <label>
            Strategy{" "}
            <select
              aria-label="Merge strategy"
              value={strategy}
              onChange={(e) => setStrategy(e.target.value as MergeStrategy)}
            >
              {STRATEGIES.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          <textarea
            aria-label="Commit message"
            rows={2}
            value={strategy === "rebase" ? "" : message}
            disabled={strategy === "rebase"}
            placeholder={
              strategy === "rebase" ? "A rebase keeps each agent's own commit message." : ""
            }
            onChange={(e) => setEdited(e.target.value)}
          />
          <button
            type="button"
            className="button button-primary"
            disabled={pending !== null}
            onClick={() =>
              void send("approve", () =>
                commands.approve(session.id, approveBody(strategy, message, suggested)),
              )
            }
          >
            {pending === "approve" ? "Merging…" : `Approve and merge into ${base}`}
          </button>
        </div>
      )}
      <div className="review-buttons">
        {choices.resolve && (
          <button
            type="button"
            className={`button ${refusal?.reason === "conflict" ? "button-primary" : ""}`}
            disabled={pending !== null}
            title={`Merge ${base} into the session's branch; a build agent settles any conflicts`}
            onClick={() => void send("resolve", () => commands.resolve(session.id))}
          >
            {pending === "resolve" ? "Starting…" : "Resolve conflicts"}
          </button>
        )}
        <button
          type="button"
          className="button"
          disabled={pending !== null}
          title={`Remove the worktree and leave the branch ${session.branch ?? ""} to you`}
          onClick={() => void send("keep", () => commands.keep(session.id))}
        >
          {pending === "keep" ? "Keeping…" : "Keep branch"}
        </button>
        {confirming ? (
          <span className="confirm" role="alertdialog" aria-label="Confirm discard">
            Discard the branch and its worktree, uncommitted changes too?
            <button
              type="button"
              className="button button-danger"
              disabled={pending !== null}
              onClick={() => void send("discard", () => commands.discard(session.id))}
            >
              {pending === "discard" ? "Discarding…" : "Yes, discard"}
            </button>
            <button type="button" className="link-button" onClick={() => setConfirming(false)}>
              No
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="button button-danger"
            disabled={pending !== null}
            onClick={() => setConfirming(true)}
          >
            Discard…
          </button>
        )}
      </div>
      {refusal ? <RefusalNote refusal={refusal} /> : failure && <ErrorNote error={failure} />}
      {done && (
        <p className="review-note" role="status">
          {done}
        </p>
      )}
    </div>
  );
}
