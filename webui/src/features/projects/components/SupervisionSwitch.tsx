/** A project's default supervision, switched in place: autonomous or supervised. */

import { useCommand } from "../../../hooks/useCommand";
import { useCanCommand } from "../../../hooks/useCanCommand";
import { useServices } from "../../../hooks/useServices";
import type { ProjectView } from "../../../lib/api/types";

export function SupervisionSwitch({ project }: { project: ProjectView }) {
  const { commands } = useServices();
  const canCommand = useCanCommand();
  const { pending, error, run } = useCommand();
  const supervised = project.supervision === "supervised";
  return (
    <span className="command">
      <label
        className="check"
        title="New sessions' default: supervised agents ask before Bash, MCP tools and writes outside their workspace"
      >
        <input
          type="checkbox"
          aria-label={`${project.name}: supervised by default`}
          checked={supervised}
          disabled={pending || !canCommand}
          onChange={(e) =>
            void run(() =>
              commands.updateProject(project.id, {
                supervision: e.target.checked ? "supervised" : "autonomous",
              }),
            )
          }
        />
        supervised
      </label>
      {error && (
        <span className="command-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
