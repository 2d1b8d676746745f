/** Start a session: a project, a prompt, which phases. The server's verdict is shown as is. */

import { useState } from "react";
import type { FormEvent } from "react";
import { EmptyState, ErrorNote, Loading } from "../../../components/feedback";
import { Link } from "../../../components/Link";
import { useCommand } from "../../../hooks/useCommand";
import { useLoad } from "../../../hooks/useLoad";
import { isArchived, useProjects } from "../../../hooks/useProjects";
import { useServices } from "../../../hooks/useServices";
import type { PipelinePhase, StartSession } from "../../../lib/api/types";
import { PIPELINE } from "../../../lib/api/types";
import { isSubmitKey } from "../../../lib/keys";
import { navigate } from "../../../lib/navigation";
import { SCRIPTED_NOT_READ, SCRIPTED_SWITCHES, toggleSwitch } from "../../../lib/scripted";
import { defaultProject, rememberedProject, rememberProject } from "../../../lib/projectMemory";

export function NewSessionPage({ project }: { project: string | null }) {
  const { commands } = useServices();
  const projects = useProjects();
  const active = projects.list.items.filter((p) => !isArchived(p));
  const [chosen, setChosen] = useState<string>("");
  // Read once: the project in view or last used when the form opened.
  const [remembered] = useState(rememberedProject);
  const [title, setTitle] = useState("");
  const [prompt, setPrompt] = useState("");
  const [phases, setPhases] = useState<PipelinePhase[]>([...PIPELINE]);
  // Null: the project's own default (supervised or autonomous) applies.
  const [supervised, setSupervised] = useState<boolean | null>(null);
  const { pending, error, run } = useCommand();
  const [health] = useLoad(() => commands.health(), "health");
  const scripted = health.state === "done" && health.value.model_mode === "scripted";
  const selected =
    chosen ||
    defaultProject(
      active.map((p) => p.slug),
      project,
      remembered,
    );
  const projectSupervised = active.find((p) => p.slug === selected)?.supervision === "supervised";

  const togglePhase = (phase: PipelinePhase) =>
    setPhases((current) =>
      current.includes(phase)
        ? current.filter((p) => p !== phase)
        : PIPELINE.filter((p) => p === phase || current.includes(p)),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: StartSession = { project: selected, prompt, phases };
    if (title.trim()) body.title = title.trim();
    if (supervised !== null) body.supervision = supervised ? "supervised" : "autonomous";
    const accepted = await run(() => commands.startSession(body));
    if (accepted) {
      rememberProject(selected);
      navigate(`/sessions/${accepted.id}`);
    }
  };

  if (projects.error) return <ErrorNote error={projects.error} onRetry={projects.reload} />;
  if (!projects.list.loaded) return <Loading what="projects" />;
  if (active.length === 0)
    return (
      <EmptyState title="No project to run a session on.">
        <Link to="/projects">Register a project</Link> first: pick its directory, then come back
        here.
      </EmptyState>
    );

  return (
    <section>
      <div className="page-head">
        <h1>New session</h1>
      </div>
      <form className="panel new-session" onSubmit={(e) => void submit(e)} aria-label="New session">
        <div className="form-grid">
          <label>
            Project
            <select name="project" value={selected} onChange={(e) => setChosen(e.target.value)}>
              {active.map((p) => (
                <option key={p.id} value={p.slug}>
                  {p.name} — {p.path}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>
              Title <span className="muted">(optional)</span>
            </span>
            <input
              name="title"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              placeholder="from the prompt"
            />
          </label>
          <label className="wide">
            Prompt
            <textarea
              name="prompt"
              value={prompt}
              onChange={(e) => setPrompt(e.target.value)}
              onKeyDown={(e) => {
                if (isSubmitKey(e)) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              aria-describedby="prompt-keys"
              rows={8}
              required
              placeholder="What should the agents do? e.g. “Add OAuth login with GitHub”"
            />
          </label>
          {scripted && (
            <div className="wide scripted-switches" data-testid="scripted-switches">
              <p className="scripted-notice">
                {SCRIPTED_NOT_READ} Costs are simulated. Switches for the demo, in the prompt:
              </p>
              <ul>
                {SCRIPTED_SWITCHES.map((s) => (
                  <li key={s.switch}>
                    <button
                      type="button"
                      className="chip"
                      aria-pressed={prompt.includes(s.switch)}
                      onClick={() => setPrompt((p) => toggleSwitch(p, s.switch))}
                    >
                      {s.switch}
                    </button>{" "}
                    <span className="muted">{s.effect}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <fieldset className="wide phases-field">
            <legend>Phases</legend>
            {PIPELINE.map((phase) => (
              <label key={phase} className="check">
                <input
                  type="checkbox"
                  checked={phases.includes(phase)}
                  onChange={() => togglePhase(phase)}
                />
                {phase}
              </label>
            ))}
          </fieldset>
          <label className="wide check">
            <input
              type="checkbox"
              name="supervised"
              checked={supervised ?? projectSupervised}
              onChange={(e) => setSupervised(e.target.checked)}
            />
            <span>
              Supervised{" "}
              <span className="muted">
                — Bash, MCP tools and writes outside the workspace wait for your answer (the
                project&apos;s default: {projectSupervised ? "supervised" : "autonomous"})
              </span>
            </span>
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? "Starting…" : "Start session"}
          </button>
          <span className="muted" id="prompt-keys">
            Ctrl+Enter starts it too. It queues at once; you can watch it start on the next page.
          </span>
        </div>
        {error && <ErrorNote error={error} />}
      </form>
    </section>
  );
}
