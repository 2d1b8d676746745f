/** Register a codebase: pick its directory, optionally name it; the server validates. */

import { useState } from "react";
import type { FormEvent } from "react";
import { ErrorNote } from "../../../components/feedback";
import { useCommand } from "../../../hooks/useCommand";
import { useServices } from "../../../hooks/useServices";
import type { ProjectView, RegisterProject as RegisterBody } from "../../../lib/api/types";
import { DirectoryBrowser } from "./DirectoryBrowser";

export function RegisterProject({
  onRegistered,
}: {
  onRegistered?: (project: ProjectView) => void;
}) {
  const { commands } = useServices();
  const [path, setPath] = useState("");
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [description, setDescription] = useState("");
  const [supervised, setSupervised] = useState(false);
  const { pending, error, run } = useCommand();
  const [done, setDone] = useState<ProjectView | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const body: RegisterBody = { path: path.trim() };
    if (name.trim()) body.name = name.trim();
    if (slug.trim()) body.slug = slug.trim();
    if (description.trim()) body.description = description.trim();
    if (supervised) body.supervision = "supervised";
    const project = await run(() => commands.registerProject(body));
    if (!project) return;
    setDone(project);
    setPath("");
    setName("");
    setSlug("");
    setDescription("");
    setSupervised(false);
    onRegistered?.(project);
  };

  return (
    <form
      className="panel register"
      onSubmit={(e) => void submit(e)}
      aria-label="Register a project"
    >
      <h2>Register a project</h2>
      <DirectoryBrowser selected={path} onPick={setPath} />
      <div className="form-grid">
        <label>
          Directory
          <input
            name="path"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/absolute/path/to/repo"
            required
          />
        </label>
        <label>
          <span>
            Name <span className="muted">(optional)</span>
          </span>
          <input
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="from the directory name"
          />
        </label>
        <label>
          <span>
            Slug <span className="muted">(optional)</span>
          </span>
          <input
            name="slug"
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            placeholder="lowercase-with-dashes"
          />
        </label>
        <label className="wide">
          <span>
            Description <span className="muted">(optional)</span>
          </span>
          <input
            name="description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <label className="wide check">
          <input
            type="checkbox"
            name="supervised"
            checked={supervised}
            onChange={(e) => setSupervised(e.target.checked)}
          />
          <span>
            Supervised by default{" "}
            <span className="muted">
              — its sessions&apos; Bash, MCP tools and writes outside the workspace wait for your
              answer (a new session may choose otherwise)
            </span>
          </span>
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending || !path.trim()}>
          {pending ? "Registering…" : "Register project"}
        </button>
        {done && (
          <span className="ok-note" role="status">
            Registered {done.name}.
          </span>
        )}
      </div>
      {error && <ErrorNote error={error} />}
    </form>
  );
}
