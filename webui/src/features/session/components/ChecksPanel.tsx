/**
 * The session's QA gates: the latest check run's results (gate, kind, outcome, exit
 * code, duration, the output's tail on demand), the checks' state and any override.
 * Reloads when the session's checks change (a run starts or ends).
 */

import { ErrorNote } from "../../../components/feedback";
import { useLoad } from "../../../hooks/useLoad";
import { getChecks } from "../../../lib/api/read";
import type { GateResultView, SessionView } from "../../../lib/api/types";
import { formatDuration } from "../../../lib/format";

const OUTCOME_TONES: Record<string, string> = {
  passed: "ok",
  failed: "bad",
  timed_out: "bad",
  could_not_start: "warn",
  cancelled: "muted",
};

function ResultRow({ result }: { result: GateResultView }) {
  const tone = result.required ? (OUTCOME_TONES[result.outcome] ?? "neutral") : "muted";
  return (
    <tr data-gate={result.name} data-outcome={result.outcome}>
      <td>
        <code>{result.name}</code>
        {!result.required && <span className="muted"> (advisory)</span>}
      </td>
      <td>
        <span className={`badge badge-${result.outcome === "passed" ? "ok" : tone}`}>
          {result.outcome.replace("_", " ")}
        </span>
      </td>
      <td className="muted">{result.exit_code ?? "—"}</td>
      <td className="muted">{formatDuration(result.duration_ms)}</td>
      <td>
        {result.tail ? (
          <details>
            <summary>
              <code>{result.command}</code>
            </summary>
            <pre className="gate-tail">{result.tail}</pre>
          </details>
        ) : (
          <code>{result.command}</code>
        )}
      </td>
    </tr>
  );
}

export function ChecksPanel({ session }: { session: SessionView }) {
  const [checks, reload] = useLoad(
    () => getChecks(session.id),
    `${session.id}|${session.checks ?? ""}|${session.updated_at}`,
  );
  if (!session.checks) return null;
  if (checks.state === "failed") return <ErrorNote error={checks.error} onRetry={reload} />;
  if (checks.state === "loading") return null;
  const { results, state, overridden } = checks.value;
  const last = results.length ? results[results.length - 1].run : 0;
  const latest = results.filter((r) => r.run === last);
  return (
    <div className="checks" data-testid="checks" data-checks={state ?? ""}>
      <div className="checks-head">
        <strong>Checks</strong>{" "}
        <span
          className={`badge badge-${state === "passed" ? "ok" : state === "failed" ? "bad" : "active"}`}
        >
          {state}
        </span>
        <span className="muted">
          {" "}
          · run {last}
          {overridden && " · approved with an override"}
        </span>
      </div>
      <table className="checks-table">
        <tbody>
          {latest.map((result) => (
            <ResultRow key={result.id} result={result} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
