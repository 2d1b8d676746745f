/** Every project, archived or not, kept live from the `projects` topic. */

import { listProjects } from "../lib/api/read";
import type { ProjectView } from "../lib/api/types";
import { changedProject } from "../lib/feed/entityList";
import type { LiveList } from "./useLiveList";
import { useLiveList } from "./useLiveList";

const OPTIONS = {
  rowOf: changedProject,
  compare: (a: ProjectView, b: ProjectView) => a.name.localeCompare(b.name) || a.id - b.id,
  accepts: () => true,
};

// Active and archived projects come from two queries; the view filters on archived_at.
const loadAll = () => Promise.all([listProjects(false), listProjects(true)]);

export function useProjects(): LiveList<ProjectView> {
  return useLiveList(OPTIONS, loadAll, null, "projects", "projects");
}

export const isArchived = (project: ProjectView) => project.archived_at !== null;
