/** Registered projects, live; register one with the directory browser; archive. */

import { Age } from "../../../components/Age";
import { StatusBadge } from "../../../components/badges";
import { CommandButton } from "../../../components/CommandButton";
import { EmptyState, ErrorNote, Loading } from "../../../components/feedback";
import { Link } from "../../../components/Link";
import { isArchived, useProjects } from "../../../hooks/useProjects";
import { useServices } from "../../../hooks/useServices";
import type { ProjectView } from "../../../lib/api/types";
import { href, navigate } from "../../../lib/navigation";
import { ProjectGates } from "./ProjectGates";
import { SupervisionSwitch } from "./SupervisionSwitch";
import { RegisterProject } from "./RegisterProject";

export function ProjectsPage({ archived }: { archived: boolean }) {
  const projects = useProjects();
  const shown = projects.list.items.filter((p) => archived || !isArchived(p));
  const archivedCount = projects.list.items.filter(isArchived).length;

  return (
    <section>
      <div className="page-head">
        <h1>Projects</h1>
        <label className="toggle">
          <input
            type="checkbox"
            checked={archived}
            onChange={(e) =>
              navigate(href("/projects", { archived: e.target.checked ? "true" : null }), {
                replace: true,
              })
            }
          />
          Show archived ({archivedCount})
        </label>
      </div>
      {projects.error && <ErrorNote error={projects.error} onRetry={projects.reload} />}
      {!projects.list.loaded && !projects.error && <Loading what="projects" />}
      {projects.list.loaded && shown.length === 0 && (
        <EmptyState title="No projects yet.">
          Pick a codebase's directory below and register it; then start a session on it.
        </EmptyState>
      )}
      {shown.length > 0 && <ProjectTable projects={shown} />}
      <RegisterProject />
    </section>
  );
}

function ProjectTable({ projects }: { projects: ProjectView[] }) {
  const { commands } = useServices();
  return (
    <table className="table" data-testid="projects-table">
      <thead>
        <tr>
          <th>Project</th>
          <th>Directory</th>
          <th>Status</th>
          <th>Branch</th>
          <th>Supervision</th>
          <th>Registered</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {projects.map((p) => (
          <tr key={p.id} data-project={p.slug} className={isArchived(p) ? "archived" : ""}>
            <td className="title-cell">
              <Link to={href("/", { project: p.slug })}>{p.name}</Link>
              <div className="sub">{p.slug}</div>
              {p.description && <div className="sub">{p.description}</div>}
            </td>
            <td>
              <code className="path">{p.path}</code>
            </td>
            <td>
              {isArchived(p) ? (
                <StatusBadge status="archived" />
              ) : (
                <StatusBadge status={p.status} />
              )}
            </td>
            <td>{p.default_branch ?? "—"}</td>
            <td>
              <SupervisionSwitch project={p} />
            </td>
            <td>
              <Age at={p.created_at} />
            </td>
            <td>
              {!isArchived(p) && (
                <div className="actions">
                  <Link to={href("/new", { project: p.slug })} className="button">
                    New session
                  </Link>
                  <CommandButton
                    run={() => {
                      if (!confirm(`Archive ${p.name}? Its sessions stay readable.`))
                        return Promise.resolve();
                      return commands.archiveProject(p.id);
                    }}
                    pendingLabel="Archiving…"
                  >
                    Archive
                  </CommandButton>
                </div>
              )}
              <details className="project-gates">
                <summary>Gates</summary>
                <ProjectGates project={p} />
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
