/** Says that the retention command removed a session's older events (docs/operations.md). */

import type { RetentionView } from "../../../lib/api/types";

export function RetentionNote({
  upTo,
  retention,
}: {
  upTo: string;
  retention: RetentionView | null | undefined;
}) {
  const count = retention ? `${retention.events_removed} older events` : "Older events";
  const archive = retention?.archive ? ` They were archived to ${retention.archive}.` : "";
  return (
    <div className="retention-note" role="status" data-testid="retention-note">
      {count} of this session were removed by retention (up to {upTo}); the log shows what came
      after.{archive}
    </div>
  );
}
