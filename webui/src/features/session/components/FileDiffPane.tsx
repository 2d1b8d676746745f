/** One changed file's stored diff: drawn by diff2html, or a marker for binary and cut patches. */

import { DiffView } from "../../../components/DiffView";
import { ErrorNote, Loading } from "../../../components/feedback";
import { useLoad } from "../../../hooks/useLoad";
import { getFileDiff } from "../../../lib/api/read";
import type { DiffLayout } from "../../../lib/diff/render";
import { formatBytes } from "../../../lib/format";

interface Props {
  session: number;
  path: string;
  agent: number | null;
  layout: DiffLayout;
  /** Changes when the scope's diff may have changed (a new commit, a resolve). */
  version: string;
}

export function FileDiffPane({ session, path, agent, layout, version }: Props) {
  const [diff, reload] = useLoad(
    () => getFileDiff(session, path, agent),
    `${session}|${agent ?? ""}|${path}|${version}`,
  );
  if (diff.state === "loading") return <Loading what={`the diff of ${path}`} />;
  if (diff.state === "failed") return <ErrorNote error={diff.error} onRetry={reload} />;
  const file = diff.value;
  return (
    <div className="file-diff" data-file-diff={file.path}>
      {file.old_path && (
        <div className="muted">
          renamed from <code>{file.old_path}</code>
        </div>
      )}
      {file.binary ? (
        <div className="diff-marker" data-testid="diff-binary" role="note">
          Binary file — {file.status}; no text diff to show.
        </div>
      ) : (
        <>
          {file.truncated && (
            <div className="diff-marker" data-testid="diff-truncated" role="note">
              Truncated: this diff is {formatBytes(file.patch_bytes)}; only its first{" "}
              {formatBytes(new TextEncoder().encode(file.patch).length)} were kept. Use{" "}
              <code>git diff</code> on the branch for the rest.
            </div>
          )}
          <DiffView patch={file.patch} layout={layout} label={`Diff of ${file.path}`} />
        </>
      )}
    </div>
  );
}
