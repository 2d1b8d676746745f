/** Narrow the log by kind (messages, tool calls), by tool, or to errors; kept in the URL. */

import type { LogFilter } from "../../../lib/api/read";
import { COMMON_TOOLS, KIND_GROUPS, groupOf } from "../../../lib/logKinds";

interface Props {
  filter: LogFilter;
  onChange: (filter: LogFilter) => void;
}

export function LogFilters({ filter, onChange }: Props) {
  const group = groupOf(filter.kinds);
  const tool = filter.tools.length === 1 ? filter.tools[0] : "";
  return (
    <div className="log-filters" role="group" aria-label="Log filters">
      {KIND_GROUPS.map((g) => (
        <button
          key={g.name}
          type="button"
          className={`chip ${group?.name === g.name ? "chip-on" : ""}`}
          aria-pressed={group?.name === g.name}
          onClick={() => onChange({ ...filter, kinds: group?.name === g.name ? [] : g.kinds })}
        >
          {g.label}
        </button>
      ))}
      <button
        type="button"
        className={`chip ${filter.errors ? "chip-on" : ""}`}
        aria-pressed={filter.errors}
        onClick={() => onChange({ ...filter, errors: !filter.errors })}
      >
        Errors only
      </button>
      <select
        aria-label="Tool"
        value={tool}
        onChange={(e) => onChange({ ...filter, tools: e.target.value ? [e.target.value] : [] })}
      >
        <option value="">Any tool</option>
        {[...new Set([...COMMON_TOOLS, ...filter.tools])].map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
