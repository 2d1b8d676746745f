/** One artifact's content: markdown rendered, plan.json as a plan, JSON as a table or tree. */

import { renderMarkdown } from "../utils/markdown";
import { parseJson, readPlan } from "../utils/plan";

function PlanView({ source }: { source: string }) {
  const plan = readPlan(parseJson(source));
  if (!plan) return <pre className="pre">{source}</pre>;
  return (
    <div className="plan" data-testid="plan">
      {plan.summary && <p className="plan-summary">{plan.summary}</p>}
      <ol className="plan-steps">
        {plan.steps.map((step) => (
          <li key={step.id}>
            <div className="plan-title">{step.title}</div>
            {step.files.length > 0 && (
              <div className="plan-files">
                {step.files.map((file) => (
                  <code key={file}>{file}</code>
                ))}
              </div>
            )}
            {step.details.map(([key, value]) => (
              <div key={key} className="plan-detail">
                <span className="muted">{key}:</span> {value}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}

function JsonView({ source }: { source: string }) {
  const value = parseJson(source);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return <pre className="pre">{source}</pre>;
  return (
    <table className="kv" data-testid="json-table">
      <tbody>
        {Object.entries(value as Record<string, unknown>).map(([key, v]) => (
          <tr key={key}>
            <th>{key}</th>
            <td>
              {typeof v === "object" && v !== null ? (
                <pre className="pre">{JSON.stringify(v, null, 2)}</pre>
              ) : (
                String(v)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ArtifactView({ path, source }: { path: string; source: string }) {
  const name = path.split("/").at(-1) ?? path;
  if (name === "plan.json") return <PlanView source={source} />;
  if (name.endsWith(".json")) return <JsonView source={source} />;
  if (name.endsWith(".md"))
    return (
      <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />
    );
  return <pre className="pre">{source}</pre>;
}
