/**
 * The unified diff a file-editing tool call stands for, so the log can show an Edit or a
 * Write as a diff instead of its JSON input. Computed by `diff` (jsdiff, the library
 * diff2html itself parses with); pure, no DOM.
 */

import { createTwoFilesPatch } from "diff";

/** The tools whose calls read as a change to one file. */
export const EDITING_TOOLS = new Set(["Edit", "MultiEdit", "Write"]);

interface Replacement {
  old: string;
  new: string;
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The replacements an Edit or MultiEdit input asks for; null when it is not well formed. */
function replacements(name: string, input: Record<string, unknown>): Replacement[] | null {
  if (name === "Edit") {
    const [before, after] = [text(input.old_string), text(input.new_string)];
    return before === null || after === null ? null : [{ old: before, new: after }];
  }
  if (!Array.isArray(input.edits)) return null;
  const edits: Replacement[] = [];
  for (const edit of input.edits as unknown[]) {
    if (typeof edit !== "object" || edit === null) return null;
    const { old_string: before, new_string: after } = edit as Record<string, unknown>;
    if (text(before) === null || text(after) === null) return null;
    edits.push({ old: before as string, new: after as string });
  }
  return edits;
}

/** A git-style file header, so the renderer names the file and sees an added one. */
function gitHeader(path: string, added: boolean): string {
  return `diff --git a/${path} b/${path}\n${added ? "new file mode 100644\n" : ""}`;
}

/** jsdiff's patch without its `Index:` and `====` preamble, behind a git header. */
function patchOf(path: string, before: string, after: string, added: boolean): string {
  const body = createTwoFilesPatch(
    added ? "/dev/null" : `a/${path}`,
    `b/${path}`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  const start = body.indexOf("--- ");
  return gitHeader(path, added) + body.slice(start);
}

/**
 * The unified diff of an Edit, MultiEdit or Write call (a Write reads as an added file:
 * its input holds the new content only); null for any other tool or a malformed input.
 * An edit's line numbers count from the start of the replaced text, not of the file.
 */
export function toolCallPatch(name: string, input: Record<string, unknown>): string | null {
  const path = text(input.file_path)?.replace(/^\/+/, "");
  if (!path || !EDITING_TOOLS.has(name)) return null;
  if (name === "Write") {
    const content = text(input.content);
    return content === null ? null : patchOf(path, "", content, true);
  }
  const edits = replacements(name, input);
  if (!edits || edits.length === 0) return null;
  return edits.map((edit) => patchOf(path, edit.old, edit.new, false)).join("");
}
