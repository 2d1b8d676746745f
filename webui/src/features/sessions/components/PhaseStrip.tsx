/** A session's phases as a row of dots: done, the current one, still to come. */

import type { AgentKind, SessionView } from "../../../lib/api/types";

export type PhaseMark = "done" | "current" | "pending";

/** Where each phase stands, from the session row alone (the list has no agents). */
export function phaseMarks(
  session: Pick<SessionView, "phases" | "current_phase" | "status">,
): [AgentKind, PhaseMark][] {
  const { phases, current_phase: current, status } = session;
  const at = current === null ? -1 : phases.indexOf(current);
  return phases.map((phase, index): [AgentKind, PhaseMark] => {
    if (status === "completed") return [phase, "done"];
    if (at === -1) return [phase, "pending"];
    if (index < at) return [phase, "done"];
    return [phase, index === at ? "current" : "pending"];
  });
}

export function PhaseStrip({ session }: { session: SessionView }) {
  const marks = phaseMarks(session);
  const current = session.current_phase;
  return (
    <span
      className="phase-strip"
      title={marks.map(([phase, mark]) => `${phase}: ${mark}`).join(", ")}
    >
      {marks.map(([phase, mark]) => (
        <span
          key={phase}
          className={`strip-dot strip-${mark} strip-${session.status}`}
          aria-hidden
        />
      ))}
      <span className="strip-label">
        {session.status === "completed" ? "done" : (current ?? "—")}
      </span>
    </span>
  );
}
