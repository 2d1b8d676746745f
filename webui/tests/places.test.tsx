// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it } from "vitest";
import { EventRow } from "../src/features/session/components/EventRow";
import type { Place } from "../src/features/session/utils/places";
import { PlacesContext, shortenPath } from "../src/features/session/utils/places";
import { event } from "./fixtures";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const places: Place[] = [
  ["/data/worktrees/demo/s-1", ""],
  ["/data/sessions/s-1/", "artifacts"],
  ["/home/me/demo", ""],
];

describe("paths in the log", () => {
  it("read relative to the worktree or project, artifacts as artifacts/…", () => {
    expect(shortenPath("/data/worktrees/demo/s-1/hello.py", places)).toBe("hello.py");
    expect(shortenPath("/data/sessions/s-1/spec.md", places)).toBe("artifacts/spec.md");
    expect(shortenPath("/home/me/demo/src/a.py", places)).toBe("src/a.py");
    expect(shortenPath("/etc/hosts", places)).toBe("/etc/hosts");
    expect(shortenPath("/home/me/demo-other/a.py", places)).toBe("/home/me/demo-other/a.py");
  });

  it("are shortened in a tool call's row", () => {
    const container = document.createElement("div");
    document.body.append(container);
    const call = event(1, "tool_use", {
      payload: {
        tool_use_id: "t",
        name: "Write",
        input: { file_path: "/data/sessions/s-1/spec.md", content: "x" },
      },
    });
    act(() =>
      createRoot(container).render(
        <PlacesContext.Provider value={places}>
          <EventRow event={call} expanded={false} onToggle={() => undefined} />
        </PlacesContext.Provider>,
      ),
    );
    expect(container.querySelector("code")?.textContent).toBe("artifacts/spec.md");
    container.remove();
  });
});
