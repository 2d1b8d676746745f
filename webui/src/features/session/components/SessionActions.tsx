/** Steering a session: cancel, resume, retry a phase, start a debug agent. */

import { useState } from "react";
import { CommandButton } from "../../../components/CommandButton";
import { useCanCommand } from "../../../hooks/useCanCommand";
import { useServices } from "../../../hooks/useServices";
import { isSubmitKey } from "../../../lib/keys";
import type { AgentKind, SessionStatus, SessionView } from "../../../lib/api/types";

const ACTIVE = new Set<SessionStatus>(["queued", "running"]);
const RESUMABLE = new Set<SessionStatus>(["interrupted", "failed", "cancelled"]);

/** The phase a retry should offer: the one that stopped, or after a full run the last. */
export function suggestedRetry(session: SessionView): AgentKind {
  return session.current_phase ?? session.phases[session.phases.length - 1];
}

export function SessionActions({ session }: { session: SessionView }) {
  const { commands } = useServices();
  // Live: the suggestion follows the session as it runs; a phase the user picked holds
  // only while the suggestion it was picked against does (a cancel in build offers build).
  const suggested = suggestedRetry(session);
  const [picked, setPicked] = useState<{ phase: AgentKind; against: AgentKind } | null>(null);
  const phase = picked && picked.against === suggested ? picked.phase : suggested;
  const setPhase = (chosen: AgentKind) => setPicked({ phase: chosen, against: suggested });
  const [debugOpen, setDebugOpen] = useState(false);
  const [debugPrompt, setDebugPrompt] = useState("");
  const active = ACTIVE.has(session.status);
  // Read-only (no token): every command would be refused, so none looks available.
  const canCommand = useCanCommand();
  const readOnly = canCommand ? undefined : "Read-only: paste the access token to steer";

  return (
    <div className="actions-bar" data-testid="session-actions">
      <CommandButton
        run={() => {
          // As archive does: a cancel stops work that a click cannot bring back as it was.
          const question =
            `Cancel “${session.title}”? Its running agent stops and the phases after it ` +
            "do not run; you can resume it later.";
          if (!confirm(question)) return Promise.resolve();
          return commands.cancel(session.id);
        }}
        tone="danger"
        disabled={!active || !canCommand}
        pendingLabel="Cancelling…"
        title={
          readOnly ??
          (active
            ? "Stop the running agent and the rest of the session"
            : "Only a queued or running session can be cancelled")
        }
      >
        Cancel
      </CommandButton>
      <CommandButton
        run={() => commands.resume(session.id)}
        disabled={!RESUMABLE.has(session.status) || !canCommand}
        pendingLabel="Resuming…"
        title={readOnly ?? "Continue an interrupted, failed or cancelled session where it stopped"}
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
          disabled={active || !canCommand}
          pendingLabel="Retrying…"
          title={readOnly ?? (active ? "Only a stopped session can retry a phase" : undefined)}
        >
          Retry phase
        </CommandButton>
      </span>
      <button
        type="button"
        className="button"
        onClick={() => setDebugOpen((open) => !open)}
        aria-expanded={debugOpen}
        disabled={!canCommand}
        title={readOnly ?? "Start an agent that looks into this session's work"}
      >
        Debug agent…
      </button>
      {debugOpen && canCommand && (
        <div className="debug-form">
          <textarea
            aria-label="Debug prompt"
            rows={3}
            value={debugPrompt}
            onChange={(e) => setDebugPrompt(e.target.value)}
            onKeyDown={(e) => {
              if (!isSubmitKey(e)) return;
              e.preventDefault();
              const form = e.currentTarget.closest(".debug-form");
              form?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.click();
            }}
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
