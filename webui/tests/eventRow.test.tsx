// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EventRow } from "../src/features/session/components/EventRow";
import type { EventView } from "../src/lib/api/types";
import { event } from "./fixtures";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;

function render(row: EventView, expanded = false, toolName?: string): HTMLDivElement {
  container = document.createElement("div");
  document.body.append(container);
  act(() => {
    createRoot(container).render(
      <EventRow event={row} expanded={expanded} toolName={toolName} onToggle={() => undefined} />,
    );
  });
  return container;
}

afterEach(() => container.remove());

/** The row once its diff is drawn (the renderer loads on first use). */
async function drawn(row: HTMLDivElement): Promise<HTMLDivElement> {
  await vi.waitFor(
    () => expect(row.querySelector("[data-testid=diff-view] .d2h-wrapper")).not.toBeNull(),
    { timeout: 10_000 }, // the first import of the renderer is transformed on the fly
  );
  return row;
}

describe("EventRow", () => {
  it("renders assistant text as sanitized markdown", () => {
    const html = render(
      event(1, "text", { payload: { text: "Use `greet()` <script>x()</script>" } }),
    ).innerHTML;
    expect(html).toContain("<code>greet()</code>");
    expect(html).not.toContain("<script");
  });

  it("folds a tool call to its name and target, and shows its input when open", () => {
    const call = event(2, "tool_use", {
      payload: {
        tool_use_id: "t",
        name: "Bash",
        input: { command: "ls -1 /repo", description: "List files" },
      },
    });
    const folded = render(call);
    expect(folded.textContent).toContain("Bash");
    expect(folded.textContent).toContain("ls -1 /repo");
    expect(folded.textContent).not.toContain("List files");
    expect(folded.querySelector("[aria-expanded=false]")).not.toBeNull();
    container.remove();
    expect(render(call, true).textContent).toContain('"description": "List files"');
  });

  it("shows an Edit as a diff of its strings, not as escaped JSON", async () => {
    const edit = event(6, "tool_use", {
      payload: {
        tool_use_id: "t",
        name: "Edit",
        input: {
          file_path: "/repo/greet.py",
          old_string: 'def greet():\n    return "hi"\n',
          new_string: 'def greet(name):\n    return f"hi {name}"\n',
        },
      },
    });
    const open = await drawn(render(edit, true));
    const deleted = [...open.querySelectorAll(".d2h-del .d2h-code-line-ctn")].map(
      (n) => n.textContent,
    );
    const inserted = [...open.querySelectorAll(".d2h-ins .d2h-code-line-ctn")].map(
      (n) => n.textContent,
    );
    expect(deleted).toEqual(["def greet():", '    return "hi"']);
    expect(inserted).toEqual(["def greet(name):", '    return f"hi {name}"']);
    expect(open.textContent).not.toContain("\\n");
    expect(open.textContent).not.toContain("old_string");
  });

  it("shows a Write as an added file, its markup as text", async () => {
    const write = event(7, "tool_use", {
      payload: {
        tool_use_id: "t",
        name: "Write",
        input: { file_path: "/repo/page.html", content: "<script>alert(1)</script>\nok\n" },
      },
    });
    const open = await drawn(render(write, true));
    const added = [...open.querySelectorAll(".d2h-ins .d2h-code-line-ctn")].map(
      (n) => n.textContent,
    );
    expect(added).toEqual(["<script>alert(1)</script>", "ok"]);
    expect(open.querySelector(".d2h-code-line-ctn script")).toBeNull();
    expect(open.querySelector(".d2h-added, .d2h-tag.d2h-added")).not.toBeNull();
  });

  it("keeps thinking folded and marks failures loudly", () => {
    const thinking = render(
      event(3, "thinking", { payload: { text: "First idea.\nSecond, longer musing." } }),
    );
    expect(thinking.textContent).toContain("First idea.");
    expect(thinking.textContent).not.toContain("Second, longer musing.");
    container.remove();
    const failed = render(
      event(4, "tool_result", { payload: { tool_use_id: "t", content: "boom", is_error: true } }),
      false,
      "Bash",
    );
    expect(failed.querySelector(".tone-bad")).not.toBeNull();
    expect(failed.textContent).toContain("error from Bash");
  });

  it("labels a scripted run's init message", () => {
    const init = render(
      event(5, "system", { payload: { subtype: "init", model: "m", scripted: true } }),
    );
    expect(init.querySelector("[data-testid=scripted-badge]")).not.toBeNull();
  });
});
