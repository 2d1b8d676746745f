import { describe, expect, it } from "vitest";
import { fileTree } from "../src/features/session/utils/fileTree";
import type { FileChange } from "../src/lib/api/types";

const change = (path: string, insertions: number, deletions = 0): FileChange => ({
  path,
  old_path: null,
  status: "modified",
  insertions,
  deletions,
  binary: false,
  truncated: false,
});

describe("fileTree", () => {
  it("lists folders before files, each with the counts of what is under it", () => {
    const rows = fileTree([
      change("README.md", 1),
      change("src/b.py", 2, 1),
      change("src/a.py", 3),
      change("docs/guide.md", 4, 4),
    ]);
    expect(rows.map((r) => [r.kind, r.name, r.depth, r.insertions, r.deletions])).toEqual([
      ["dir", "docs", 0, 4, 4],
      ["file", "guide.md", 1, 4, 4],
      ["dir", "src", 0, 5, 1],
      ["file", "a.py", 1, 3, 0],
      ["file", "b.py", 1, 2, 1],
      ["file", "README.md", 0, 1, 0],
    ]);
    expect(rows.find((r) => r.name === "a.py")?.file?.path).toBe("src/a.py");
  });

  it("folds a chain of single folders into one row", () => {
    const rows = fileTree([change("a/b/c/x.ts", 1), change("a/b/c/y.ts", 1), change("a/z.ts", 2)]);
    expect(rows.map((r) => [r.kind, r.path, r.name, r.depth])).toEqual([
      ["dir", "a", "a", 0],
      ["dir", "a/b/c", "b/c", 1],
      ["file", "a/b/c/x.ts", "x.ts", 2],
      ["file", "a/b/c/y.ts", "y.ts", 2],
      ["file", "a/z.ts", "z.ts", 1],
    ]);
  });

  it("is empty for no files", () => {
    expect(fileTree([])).toEqual([]);
  });
});
