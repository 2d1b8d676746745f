/**
 * Asks for the orchestrator's access token when there is none or it was refused.
 * Watching needs no token; starting and steering sessions does.
 */

import { useState, useSyncExternalStore } from "react";
import type { FormEvent } from "react";
import { useServices } from "../hooks/useServices";

export function TokenPrompt() {
  const { tokens, commands } = useServices();
  const state = useSyncExternalStore(tokens.subscribe, () => tokens.snapshot);
  const [value, setValue] = useState("");
  if (state.kind === "present") return null;

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) {
      tokens.set(value.trim());
      void commands.checkToken().catch(() => {}); // a wrong token brings the prompt back
    }
    setValue("");
  };

  return (
    <form className={`token-prompt token-${state.kind}`} onSubmit={save} data-testid="token-prompt">
      <div>
        <strong>
          {state.kind === "rejected"
            ? "The access token was refused."
            : "Read-only: no access token."}
        </strong>{" "}
        {state.kind === "rejected" && <span className="token-reason">({state.message}) </span>}
        Paste the token from the address <code>make dev</code> printed (or from{" "}
        <code>.pilothouse/token</code>) to start and steer sessions.
      </div>
      <input
        type="password"
        aria-label="Access token"
        placeholder="access token"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        autoComplete="off"
      />
      <button type="submit" className="button button-primary" disabled={!value.trim()}>
        Save token
      </button>
    </form>
  );
}
