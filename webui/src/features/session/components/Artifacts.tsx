/**
 * The session's artifacts from its directory: spec.md, plan.json, state.json and the
 * files under context/, debug/ and research/. The list reloads as phases progress.
 */

import { EmptyState, ErrorNote, Loading } from "../../../components/feedback";
import { useLoad } from "../../../hooks/useLoad";
import { listArtifacts, readArtifact } from "../../../lib/api/read";
import type { ArtifactEntry } from "../../../lib/api/types";
import { formatBytes } from "../../../lib/format";
import { ArtifactView } from "./ArtifactView";

const PREFERRED = ["spec.md", "plan.json", "state.json"];

/** Main artifacts first, in pipeline order, then the rest by path. */
export function orderArtifacts(entries: readonly ArtifactEntry[]): ArtifactEntry[] {
  const rank = (path: string) => {
    const index = PREFERRED.indexOf(path);
    return index === -1 ? PREFERRED.length : index;
  };
  return [...entries].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
}

function Content({ session, entry }: { session: number; entry: ArtifactEntry }) {
  const [content, retry] = useLoad(
    () => readArtifact(session, entry.path),
    `${entry.path}|${entry.modified}|${entry.size}`,
  );
  if (content.state === "loading") return <Loading what={entry.path} />;
  if (content.state === "failed") return <ErrorNote error={content.error} onRetry={retry} />;
  return <ArtifactView path={entry.path} source={content.value} />;
}

interface Props {
  session: number;
  refreshKey: string;
  /** The artifact the address names (`?artifact=`); the first one when none. */
  chosen: string | null;
  onChoose: (path: string) => void;
}

export function Artifacts({ session, refreshKey, chosen, onChoose }: Props) {
  const [list, retry] = useLoad(() => listArtifacts(session), refreshKey);

  if (list.state === "loading") return <Loading what="artifacts" />;
  if (list.state === "failed") return <ErrorNote error={list.error} onRetry={retry} />;
  const entries = orderArtifacts(list.value);
  if (entries.length === 0)
    return (
      <EmptyState title="No artifacts yet.">
        The spec phase writes <code>spec.md</code>, the plan phase <code>plan.json</code>; they
        appear here as they are written.
      </EmptyState>
    );
  const selected = entries.find((e) => e.path === chosen) ?? entries[0];

  return (
    <div className="artifacts" data-testid="artifacts">
      <ul className="artifact-list">
        {entries.map((entry) => (
          <li key={entry.path}>
            <button
              type="button"
              className={`artifact ${entry.path === selected.path ? "selected" : ""}`}
              onClick={() => onChoose(entry.path)}
              data-artifact={entry.path}
            >
              <span>{entry.path}</span>
              <span className="muted">{formatBytes(entry.size)}</span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="link-button" onClick={retry}>
            Refresh
          </button>
        </li>
      </ul>
      <article
        className="artifact-content"
        data-testid="artifact-content"
        data-path={selected.path}
      >
        <Content session={session} entry={selected} />
      </article>
    </div>
  );
}
