/** A session page whose session is not (yet) there: loading, unknown, or failed to load. */

import { EmptyState, ErrorNote, Loading } from "../../../components/feedback";
import { Link } from "../../../components/Link";
import { ApiError } from "../../../lib/api/http";

interface Props {
  sessionRef: string;
  error: Error | null;
}

export function SessionUnavailable({ sessionRef, error }: Props) {
  if (!error) return <Loading what="session" />;
  // An unknown session cannot be tried again: say so, and offer the way back.
  if (error instanceof ApiError && error.status === 404)
    return (
      <EmptyState title={`No session ${sessionRef}.`}>
        It may have been mistyped, or belong to another Pilothouse.{" "}
        <Link to="/">Go to the sessions list</Link> or <Link to="/new">start a new session</Link>.
      </EmptyState>
    );
  return (
    <>
      <ErrorNote error={error} onRetry={() => location.reload()} />
      <Link to="/">Go to the sessions list</Link>
    </>
  );
}
