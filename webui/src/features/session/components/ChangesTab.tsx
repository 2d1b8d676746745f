/**
 * What a session changed, for review: the whole session against its base or one agent's
 * commit, as a file tree beside the selected file's diff; the review commands above.
 * Reloads when the session's branch moves (a commit, a resolve) or its status changes.
 */

import { useState } from "react";
import { DiffLayoutToggle } from "../../../components/DiffView";
import { EmptyState, ErrorNote, Loading } from "../../../components/feedback";
import { useLoad } from "../../../hooks/useLoad";
import { getChanges, listCommits } from "../../../lib/api/read";
import type { CommitView, SessionView } from "../../../lib/api/types";
import type { DiffLayout } from "../../../lib/diff/render";
import { formatBytes } from "../../../lib/format";
import { shortSha } from "../utils/review";
import { ChangedFiles, Counts } from "./ChangedFiles";
import { FileDiffPane } from "./FileDiffPane";
import { ReviewPanel } from "./ReviewPanel";

const LAYOUT_KEY = "pilothouse.diffLayout";

function ScopeSelect({
  commits,
  scope,
  onChange,
}: {
  commits: CommitView[];
  scope: number | null;
  onChange: (agent: number | null) => void;
}) {
  const agents = commits.filter((c) => c.agent_id !== null);
  return (
    <select
      aria-label="Scope"
      value={scope ?? ""}
      onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
    >
      <option value="">Whole session</option>
      {agents.map((c) => (
        <option key={c.id} value={c.agent_id ?? ""}>
          {c.phase ?? c.kind} · agent #{c.agent_id} · {shortSha(c.sha)} (+{c.insertions} −
          {c.deletions})
        </option>
      ))}
    </select>
  );
}

export function ChangesTab({ session }: { session: SessionView }) {
  const [scope, setScope] = useState<number | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [layout, setLayout] = useState<DiffLayout>(() =>
    localStorage.getItem(LAYOUT_KEY) === "split" ? "split" : "unified",
  );
  const version = `${session.head_commit ?? ""}|${session.base_commit ?? ""}|${session.status}`;
  const [changes, reload] = useLoad(
    () => getChanges(session.id, scope),
    `${session.id}|${scope ?? ""}|${version}`,
  );
  const [commits] = useLoad(() => listCommits(session.id), `${session.id}|${version}`);

  if (!session.isolated)
    return (
      <EmptyState title="Not isolated: this session ran in place.">
        Its project is not a git repository, so the agents worked in its directory directly: there
        is no branch, diff or review.
      </EmptyState>
    );
  const suggested = changes.state === "done" ? (changes.value.suggested_message ?? "") : "";
  const chooseLayout = (next: DiffLayout) => {
    localStorage.setItem(LAYOUT_KEY, next);
    setLayout(next);
  };
  const files = changes.state === "done" ? changes.value.files : [];
  const selected = files.find((f) => f.path === picked)?.path ?? files[0]?.path ?? null;

  return (
    <div className="changes" data-testid="changes">
      <ReviewPanel session={session} suggested={suggested} />
      <div className="changes-bar">
        <ScopeSelect
          commits={commits.state === "done" ? commits.value : []}
          scope={scope}
          onChange={setScope}
        />
        {changes.state === "done" && (
          <span className="changes-summary" data-testid="changes-summary">
            {changes.value.files.length} files{" "}
            <Counts insertions={changes.value.insertions} deletions={changes.value.deletions} />
            <span className="muted">
              {" "}
              · {session.base_ref ?? "base"} {shortSha(changes.value.from_commit)} →{" "}
              {session.branch} {shortSha(changes.value.to_commit)}
              {typeof session.worktree_bytes === "number" &&
                ` · worktree ${formatBytes(session.worktree_bytes)} on disk`}
            </span>
          </span>
        )}
        <DiffLayoutToggle layout={layout} onChange={chooseLayout} />
      </div>
      {changes.state === "loading" && <Loading what="changes" />}
      {changes.state === "failed" && <ErrorNote error={changes.error} onRetry={reload} />}
      {changes.state === "done" && files.length === 0 && (
        <EmptyState
          title={scope === null ? "No files changed (yet)." : "This agent changed no file."}
        />
      )}
      {files.length > 0 && (
        <div className="changes-body">
          <ChangedFiles files={files} selected={selected} onSelect={setPicked} />
          {selected && (
            <FileDiffPane
              session={session.id}
              path={selected}
              agent={scope}
              layout={layout}
              version={version}
            />
          )}
        </div>
      )}
    </div>
  );
}
