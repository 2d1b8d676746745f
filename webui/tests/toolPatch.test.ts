import { parse } from "diff2html";
import { describe, expect, it } from "vitest";
import { toolCallPatch } from "../src/lib/diff/toolPatch";

describe("toolCallPatch", () => {
  it("turns an Edit into a diff of its strings, named by its file", () => {
    const patch = toolCallPatch("Edit", {
      file_path: "/w/app.py",
      old_string: "a = 1\nb = 2\n",
      new_string: "a = 1\nb = 3\n",
    });
    expect(patch).not.toBeNull();
    const [file] = parse(patch ?? "");
    expect(file.newName).toBe("w/app.py");
    expect([file.addedLines, file.deletedLines]).toEqual([1, 1]);
    expect(file.isNew).toBeFalsy();
  });

  it("turns a Write into an added file of its content", () => {
    const [file] = parse(
      toolCallPatch("Write", { file_path: "/w/new.md", content: "# x\n\ny\n" }) ?? "",
    );
    expect(file.isNew).toBe(true);
    expect([file.addedLines, file.deletedLines]).toEqual([3, 0]);
  });

  it("gives each edit of a MultiEdit its own hunk", () => {
    const patch = toolCallPatch("MultiEdit", {
      file_path: "/w/a.ts",
      edits: [
        { old_string: "x", new_string: "y" },
        { old_string: "p\n", new_string: "q\nr\n" },
      ],
    });
    const files = parse(patch ?? "");
    expect(files).toHaveLength(2);
    expect(files.map((f) => f.addedLines)).toEqual([1, 2]);
  });

  it("leaves other tools and malformed inputs to the JSON view", () => {
    expect(toolCallPatch("Bash", { command: "ls", file_path: "/x" })).toBeNull();
    expect(toolCallPatch("Edit", { file_path: "/x", old_string: "a" })).toBeNull();
    expect(toolCallPatch("Write", { content: "no path" })).toBeNull();
    expect(toolCallPatch("MultiEdit", { file_path: "/x", edits: [{ old_string: 1 }] })).toBeNull();
    expect(toolCallPatch("MultiEdit", { file_path: "/x", edits: [] })).toBeNull();
  });
});
