/**
 * A project's QA gates: each with its command, kind and timeout, switched on or off
 * (proposed ones start off), removable; and a form to add one. Reloads when the project
 * changes (every gate command touches it, so its `project_changed` event arrives).
 */

import { useState } from "react";
import { SwitchAndRemove } from "../../../components/SwitchAndRemove";
import { ErrorNote, Loading } from "../../../components/feedback";
import { useCommand } from "../../../hooks/useCommand";
import { useLoad } from "../../../hooks/useLoad";
import { useServices } from "../../../hooks/useServices";
import { listGates } from "../../../lib/api/read";
import type { ProjectView } from "../../../lib/api/types";

function AddGate({ project, onDone }: { project: string; onDone: () => void }) {
  const { commands } = useServices();
  const [name, setName] = useState("");
  const [command, setCommand] = useState("");
  const [timeout, setTimeout] = useState("600");
  const [required, setRequired] = useState(true);
  const { pending, error, run } = useCommand();
  const send = async () => {
    const added = await run(() =>
      commands.createGate(project, {
        name,
        command,
        timeout_seconds: Number(timeout),
        required,
      }),
    );
    if (added) {
      setName("");
      setCommand("");
      onDone();
    }
  };
  return (
    <form
      className="gate-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <input
        aria-label="Gate name"
        placeholder="tests"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <input
        aria-label="Gate command"
        placeholder="make test"
        value={command}
        onChange={(e) => setCommand(e.target.value)}
      />
      <input
        aria-label="Timeout (seconds)"
        type="number"
        min={1}
        value={timeout}
        onChange={(e) => setTimeout(e.target.value)}
      />
      <label className="toggle">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
        Required
      </label>
      <button type="submit" className="button" disabled={pending || !name.trim()}>
        {pending ? "Adding…" : "Add gate"}
      </button>
      {error && (
        <span className="command-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

export function ProjectGates({ project }: { project: ProjectView }) {
  const { commands } = useServices();
  const [gates, reload] = useLoad(
    () => listGates(project.slug),
    `${project.id}|${project.updated_at}`,
  );
  if (gates.state === "loading") return <Loading what="gates" />;
  if (gates.state === "failed") return <ErrorNote error={gates.error} onRetry={reload} />;
  return (
    <div className="gates" data-testid="gates" data-project-gates={project.slug}>
      <p className="muted">
        Gates run in each session's worktree after the build agent and every later round; a failing
        required gate gets up to {project.fix_rounds ?? 2} fix rounds.
      </p>
      <ul className="gate-list">
        {gates.value.map((g) => (
          <li key={g.id} data-gate={g.name} data-enabled={g.enabled}>
            <code>{g.name}</code> <code className="muted">{g.command}</code>{" "}
            <span className="muted">
              {g.required ? "required" : "advisory"} · {g.timeout_seconds}s
              {g.proposed && !g.enabled && " · proposed"}
            </span>{" "}
            <SwitchAndRemove
              switchLabel={g.enabled ? "Disable" : "Enable"}
              toggle={() => commands.updateGate(project.slug, g.name, { enabled: !g.enabled })}
              removeLabel="Remove"
              remove={() => commands.deleteGate(project.slug, g.name)}
              onDone={reload}
            />
          </li>
        ))}
      </ul>
      <AddGate project={project.slug} onDone={reload} />
    </div>
  );
}
