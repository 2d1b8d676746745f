/**
 * A session's changed files as a tree: folders with the +/- counts of everything under
 * them, files with their own. Folders that hold a single folder and nothing else are
 * shown as one row (`src/lib`). Pure: rows in display order, folders before files.
 */

import type { FileChange, FileStatus } from "../../../lib/api/types";

export interface TreeRow {
  kind: "dir" | "file";
  /** The folder's path (without a trailing slash), or the file's. */
  path: string;
  /** What the row shows: the file's name, or the folder's (possibly `a/b`) name. */
  name: string;
  depth: number;
  insertions: number;
  deletions: number;
  /** The file, for file rows. */
  file?: FileChange;
}

interface Folder {
  folders: Map<string, Folder>;
  files: FileChange[];
  insertions: number;
  deletions: number;
}

const folder = (): Folder => ({ folders: new Map(), files: [], insertions: 0, deletions: 0 });

function build(files: FileChange[]): Folder {
  const root = folder();
  for (const file of files) {
    const parts = file.path.split("/");
    let at = root;
    at.insertions += file.insertions;
    at.deletions += file.deletions;
    for (const part of parts.slice(0, -1)) {
      let next = at.folders.get(part);
      if (!next) at.folders.set(part, (next = folder()));
      next.insertions += file.insertions;
      next.deletions += file.deletions;
      at = next;
    }
    at.files.push(file);
  }
  return root;
}

const byName = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : 1));
const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

function walk(at: Folder, prefix: string, depth: number, rows: TreeRow[]): void {
  for (const [name, child] of byName([...at.folders])) {
    // Fold a chain of folders that each hold only one folder into a single row.
    let [shown, inner] = [name, child];
    while (inner.files.length === 0 && inner.folders.size === 1) {
      const [[nextName, next]] = [...inner.folders];
      [shown, inner] = [`${shown}/${nextName}`, next];
    }
    const path = `${prefix}${shown}`;
    rows.push({ kind: "dir", path, name: shown, depth, ...counts(child) });
    walk(inner, `${path}/`, depth + 1, rows);
  }
  const files = byName(at.files.map((f): [string, FileChange] => [f.path, f]));
  for (const [, file] of files) {
    rows.push({
      kind: "file",
      path: file.path,
      name: baseName(file.path),
      depth,
      file,
      ...counts(file),
    });
  }
}

const counts = (c: { insertions: number; deletions: number }) => ({
  insertions: c.insertions,
  deletions: c.deletions,
});

/** The rows of the tree of `files`, in display order. */
export function fileTree(files: FileChange[]): TreeRow[] {
  const rows: TreeRow[] = [];
  walk(build(files), "", 0, rows);
  return rows;
}

/** git's one-letter name of a status, as `git diff --name-status` prints it. */
export const STATUS_LETTERS: Record<FileStatus, string> = {
  added: "A",
  modified: "M",
  deleted: "D",
  renamed: "R",
  copied: "C",
  type_changed: "T",
};
