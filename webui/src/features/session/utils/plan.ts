/**
 * Reading plan.json for display. The plan agent writes it; its shape is a convention,
 * not a schema, so anything unexpected falls back to showing the JSON itself.
 */

export interface PlanStep {
  id: string;
  title: string;
  files: string[];
  /** Remaining fields of the step, shown as key/value pairs. */
  details: [string, string][];
}

export interface Plan {
  summary: string | null;
  steps: PlanStep[];
}

const text = (value: unknown): string =>
  typeof value === "string" ? value : JSON.stringify(value);

/** A plan from parsed plan.json, or null if it has no list of steps. */
export function readPlan(value: unknown): Plan | null {
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  const steps = Array.isArray(record.steps)
    ? record.steps
    : Array.isArray(value)
      ? (value as unknown[])
      : null;
  if (!steps) return null;
  const summary =
    typeof record.summary === "string"
      ? record.summary
      : typeof record.goal === "string"
        ? record.goal
        : null;
  return {
    summary,
    steps: steps.map((raw, index) => {
      if (typeof raw !== "object" || raw === null) {
        return { id: String(index + 1), title: text(raw), files: [], details: [] };
      }
      const step = raw as Record<string, unknown>;
      const title = step.title ?? step.name ?? step.description ?? `Step ${index + 1}`;
      const files = Array.isArray(step.files) ? step.files.map(text) : [];
      const details = Object.entries(step)
        .filter(
          ([key]) =>
            !["id", "title", "name", "files"].includes(key) &&
            !(key === "description" && title === step.description),
        )
        .map(([key, v]): [string, string] => [key, text(v)]);
      return { id: text(step.id ?? index + 1), title: text(title), files, details };
    }),
  };
}

/** Parse JSON text; null (not an exception) when it is not JSON. */
export function parseJson(source: string): unknown {
  try {
    return JSON.parse(source) as unknown;
  } catch {
    return null;
  }
}
