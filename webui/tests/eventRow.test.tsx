// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";
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
        name: "Write",
        input: { file_path: "/repo/a.py", content: "x = 1" },
      },
    });
    const folded = render(call);
    expect(folded.textContent).toContain("Write");
    expect(folded.textContent).toContain("/repo/a.py");
    expect(folded.textContent).not.toContain("x = 1");
    expect(folded.querySelector("[aria-expanded=false]")).not.toBeNull();
    container.remove();
    expect(render(call, true).textContent).toContain('"content": "x = 1"');
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
