/** Steering a session: cancel, resume, retry a phase, start a debug agent. */

import { useState } from "react";
import { CommandButton } from "../../../components/CommandButton";
import { useServices } from "../../../hooks/useServices";
import type { AgentKind, SessionStatus, SessionView } from "../../../lib/api/types";

const ACTIVE = new Set<SessionStatus>(["queued", "running"]);
const RESUMABLE = new Set<SessionStatus>(["interrupted", "failed", "cancelled"]);

export function SessionActions({ session }: { session: SessionView }) {
  const { commands } = useServices();
  // The phase that stopped, or after a full run the last one.
  const [phase, setPhase] = useState<AgentKind>(
    session.current_phase ?? session.phases[session.phases.length - 1],
  );
  const [debugOpen, setDebugOpen] = useState(false);
  const [debugPrompt, setDebugPrompt] = useState("");
  const active = ACTIVE.has(session.status);

  return (
    <div className="actions-bar" data-testid="session-actions">
      <CommandButton
        run={() => commands.cancel(session.id)}
        tone="danger"
        disabled={!active}
        pendingLabel="Cancelling…"
        title={
          active
            ? "Stop the running agent and the rest of the session"
            : "Only a queued or running session can be cancelled"
        }
      >
        Cancel
      </CommandButton>
      <CommandButton
        run={() => commands.resume(session.id)}
        disabled={!RESUMABLE.has(session.status)}
        pendingLabel="Resuming…"
        title="Continue an interrupted, failed or cancelled session where it stopped"
      >
        Resume
      </CommandButton>
      <span className="retry">
        <select
          aria-label="Phase to retry"
          value={phase}
          onChange={(e) => setPhase(e.target.value as AgentKind)}
        >
          {session.phases.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <CommandButton
          run={() => commands.retry(session.id, phase)}
          disabled={active}
          pendingLabel="Retrying…"
        >
          Retry phase
        </CommandButton>
      </span>
      <button
        type="button"
        className="button"
        onClick={() => setDebugOpen((open) => !open)}
        aria-expanded={debugOpen}
      >
        Debug agent…
      </button>
      {debugOpen && (
        <div className="debug-form">
          <textarea
            aria-label="Debug prompt"
            rows={3}
            value={debugPrompt}
            onChange={(e) => setDebugPrompt(e.target.value)}
            placeholder="What should the debug agent look into?"
          />
          <CommandButton
            run={() => commands.debug(session.id, debugPrompt)}
            tone="primary"
            disabled={!debugPrompt.trim()}
            pendingLabel="Starting…"
            onDone={() => {
              setDebugPrompt("");
              setDebugOpen(false);
            }}
          >
            Start debug agent
          </CommandButton>
        </div>
      )}
    </div>
  );
}
