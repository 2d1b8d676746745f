/** A permission request in the log, unfolded: its input or questions, the reason, the answer. */

import type { PermissionRequestView } from "../../../lib/api/types";
import { questionsOf, toolInputShown } from "../utils/permissions";

export function RequestDetails({ request }: { request: PermissionRequestView }) {
  const shown = request.kind === "tool" ? toolInputShown(request) : null;
  return (
    <div className="request-details">
      {request.reason && <p>Why: {request.reason}</p>}
      {shown && <pre className="pre">{shown.code}</pre>}
      {questionsOf(request).map((q) => (
        <p key={q.question}>
          {q.question}
          {request.answers?.[q.question] !== undefined && (
            <>
              {" "}
              → <strong>{request.answers[q.question]}</strong>
            </>
          )}
        </p>
      ))}
      {request.message && <p>Message to the agent: {request.message}</p>}
      {request.answered_at && (
        <p className="muted">Answered {new Date(request.answered_at).toLocaleString()}</p>
      )}
    </div>
  );
}
