/** Said on a session whose agents ran unfenced: what that means and how to fence them. */

import { FENCE_DOCS, HOW_TO_FENCE, UNFENCED_MEANING } from "../lib/fence";

export function UnfencedNotice({ unfenced }: { unfenced?: boolean }) {
  if (!unfenced) return null;
  return (
    <p className="unfenced-notice" role="note" data-testid="unfenced-notice">
      <strong>Unfenced.</strong> {UNFENCED_MEANING} {HOW_TO_FENCE} See {FENCE_DOCS}.
    </p>
  );
}
