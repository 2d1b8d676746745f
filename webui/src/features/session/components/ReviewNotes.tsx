/** What review has to say: why an approve was refused, and where a reviewed session went. */

import type { SessionView } from "../../../lib/api/types";
import type { Refusal } from "../utils/review";
import { shortSha } from "../utils/review";

/** A refused approve: its reason, what to do about it, and the files concerned. */
export function RefusalNote({ refusal }: { refusal: Refusal }) {
  return (
    <div className="refusal" role="alert" data-testid="refusal" data-reason={refusal.reason}>
      <p>
        <strong>Not merged ({refusal.reason.replace(/_/g, " ")}).</strong> {refusal.message}
      </p>
      {refusal.hint && <p>{refusal.hint}</p>}
      {refusal.files.length > 0 && (
        <ul className="refusal-files">
          {refusal.files.map((file) => (
            <li key={file}>
              <code>{file}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A merged, kept or discarded session: where its work went. */
export function Closed({ session }: { session: SessionView }) {
  if (session.status === "merged")
    return (
      <p className="review-note ok" data-testid="review-closed">
        Merged into <code>{session.base_ref}</code> as{" "}
        <code data-merged-commit={session.merged_commit}>{shortSha(session.merged_commit)}</code>.
      </p>
    );
  if (session.status === "kept")
    return (
      <p className="review-note" data-testid="review-closed">
        Kept: the branch <code>{session.branch}</code> is yours to merge or delete.
      </p>
    );
  return (
    <p className="review-note" data-testid="review-closed">
      Discarded: the branch and its worktree were removed. The diff stays readable here.
    </p>
  );
}
