/** The session's pending permission requests: what the supervised agents wait for. */

import type { PermissionRequestView } from "../../../lib/api/types";
import { RequestCard } from "./RequestCard";

/** Always in the page, so that a screen reader announces a request as it arrives. */
export function RequestPanel({ requests }: { requests: PermissionRequestView[] }) {
  return <div aria-live="polite">{requests.length > 0 && <Requests requests={requests} />}</div>;
}

function Requests({ requests }: { requests: PermissionRequestView[] }) {
  const count = requests.length === 1 ? "a request" : `${requests.length} requests`;
  return (
    <section
      className="request-panel"
      aria-labelledby="request-panel-title"
      data-testid="request-panel"
    >
      <h2 id="request-panel-title" className="request-panel-title">
        <span className="badge badge-needs">needs you</span> The agent waits for your answer to{" "}
        {count}
      </h2>
      {requests.map((request) => (
        <RequestCard key={request.id} request={request} />
      ))}
    </section>
  );
}
