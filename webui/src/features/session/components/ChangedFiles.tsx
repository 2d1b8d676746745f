/** The files a scope changed, as a tree with status letters and +/- counts; pick one. */

import type { FileChange } from "../../../lib/api/types";
import { fileTree, STATUS_LETTERS } from "../utils/fileTree";

interface Props {
  files: FileChange[];
  selected: string | null;
  onSelect: (path: string) => void;
}

export function Counts({ insertions, deletions }: { insertions: number; deletions: number }) {
  return (
    <span className="counts">
      <span className="ins" data-insertions={insertions}>
        +{insertions}
      </span>{" "}
      <span className="del" data-deletions={deletions}>
        −{deletions}
      </span>
    </span>
  );
}

export function ChangedFiles({ files, selected, onSelect }: Props) {
  return (
    <ul className="file-tree" aria-label="Changed files" data-testid="changed-files">
      {fileTree(files).map((row) => {
        const indent = { paddingLeft: `${8 + row.depth * 14}px` };
        if (row.kind === "dir" || !row.file)
          return (
            <li key={`dir:${row.path}`} className="tree-dir" style={indent}>
              <span className="tree-name">{row.name}/</span>
              <Counts insertions={row.insertions} deletions={row.deletions} />
            </li>
          );
        const file = row.file;
        return (
          <li key={row.path}>
            <button
              type="button"
              className={`tree-file ${selected === row.path ? "selected" : ""}`}
              style={indent}
              aria-current={selected === row.path}
              onClick={() => onSelect(row.path)}
              data-file={row.path}
              data-status={file.status}
              title={file.old_path ? `${file.old_path} → ${file.path}` : file.path}
            >
              <span className={`file-status status-${file.status}`} title={file.status}>
                {STATUS_LETTERS[file.status]}
              </span>
              <span className="tree-name">{row.name}</span>
              {file.binary && <span className="marker">binary</span>}
              {file.truncated && <span className="marker">truncated</span>}
              <Counts insertions={file.insertions} deletions={file.deletions} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
