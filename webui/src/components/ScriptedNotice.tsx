/** Said on a session that ran on the scripted model: it did not read the request. */

import type { ModelMode } from "../lib/api/types";
import { SCRIPTED_NOT_READ, SIMULATED_COST } from "../lib/scripted";

export function ScriptedNotice({ mode }: { mode: ModelMode }) {
  if (mode !== "scripted") return null;
  return (
    <p className="scripted-notice" data-testid="scripted-notice">
      {SCRIPTED_NOT_READ} Its costs and tokens are {SIMULATED_COST}. Run with Claude credentials to
      have a request carried out.
    </p>
  );
}
