/** The live-feed light in the header: live, connecting, or reconnecting with a countdown. */

import { useSyncExternalStore } from "react";
import { useNow } from "../hooks/useNow";
import { useServices } from "../hooks/useServices";

const RESYNC_SHOWN_MS = 4000;

export function ConnectionIndicator() {
  const { feed } = useServices();
  const status = useSyncExternalStore(feed.onChange, () => feed.status);
  const resync = useSyncExternalStore(feed.onChange, () => feed.lastResync);
  const now = useNow(1000);

  let label: string;
  let detail: string;
  switch (status.kind) {
    case "live":
      label = "Live";
      detail = "Connected to the live feed.";
      break;
    case "connecting":
      label = "Connecting…";
      detail = "Opening the live feed.";
      break;
    case "reconnecting": {
      const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      label = seconds > 0 ? `Reconnecting in ${seconds}s` : "Reconnecting…";
      detail = `Feed ${status.reason}; attempt ${status.attempt}. Nothing is lost: it resumes from the last event received.`;
      break;
    }
  }
  const resyncing = resync !== null && now - resync.at < RESYNC_SHOWN_MS;

  return (
    <div
      className={`connection connection-${status.kind}`}
      data-testid="connection"
      data-state={status.kind}
      title={detail}
    >
      <span className="connection-dot" aria-hidden />
      <span>{label}</span>
      {resyncing && (
        <span className="connection-resync" title={resync.reason}>
          catching up
        </span>
      )}
    </div>
  );
}
