// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChangedFiles } from "../src/features/session/components/ChangedFiles";
import { FileDiffPane } from "../src/features/session/components/FileDiffPane";
import type { FileChange, FileDiff } from "../src/lib/api/types";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
afterEach(() => {
  container.remove();
  vi.unstubAllGlobals();
});

function mount(node: React.ReactNode): HTMLDivElement {
  container = document.createElement("div");
  document.body.append(container);
  act(() => createRoot(container).render(node));
  return container;
}

const file = (path: string, extra: Partial<FileChange> = {}): FileChange => ({
  path,
  old_path: null,
  status: "modified",
  insertions: 1,
  deletions: 1,
  binary: false,
  truncated: false,
  ...extra,
});

const PATCH = "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n";

/** Answer the diff request with `diff`; the URL asked for is recorded. */
function serve(diff: FileDiff): string[] {
  const asked: string[] = [];
  vi.stubGlobal("fetch", (url: string) => {
    asked.push(url);
    return Promise.resolve(new Response(JSON.stringify(diff), { status: 200 }));
  });
  return asked;
}

/** Wait until `check` passes, letting React apply what each poll found (an act per try:
 * React applies an act's updates only when it ends). */
async function settled(check: () => void): Promise<void> {
  await vi.waitFor(
    async () => {
      await act(() => Promise.resolve());
      check();
    },
    { timeout: 10_000 },
  );
}

describe("ChangedFiles", () => {
  it("marks binary and truncated files and the one selected", () => {
    const picked: string[] = [];
    mount(
      <ChangedFiles
        files={[
          file("img/logo.png", { binary: true, status: "added" }),
          file("big.sql", { truncated: true }),
        ]}
        selected="big.sql"
        onSelect={(path) => picked.push(path)}
      />,
    );
    const logo = container.querySelector("[data-file='img/logo.png']");
    expect(logo?.textContent).toContain("binary");
    expect(logo?.querySelector(".file-status")?.textContent).toBe("A");
    const big = container.querySelector("[data-file='big.sql']");
    expect(big?.textContent).toContain("truncated");
    expect(big?.getAttribute("aria-current")).toBe("true");
    act(() => (logo as HTMLButtonElement).click());
    expect(picked).toEqual(["img/logo.png"]);
  });
});

describe("FileDiffPane", () => {
  const base = { ...file("a.py"), patch: PATCH, patch_bytes: PATCH.length };

  it("draws the stored patch of the scope asked for", async () => {
    const asked = serve(base);
    mount(<FileDiffPane session={3} path="a.py" agent={9} layout="unified" version="v" />);
    await settled(() => expect(container.querySelector(".d2h-ins")).not.toBeNull());
    expect(asked).toEqual(["/api/sessions/3/changes/a.py?agent=9"]);
    expect(container.querySelector("[data-testid=diff-truncated]")).toBeNull();
  });

  it("says a binary file has no text diff instead of drawing one", async () => {
    serve({ ...base, binary: true, patch: "Binary files a/a.png and b/a.png differ\n" });
    mount(<FileDiffPane session={3} path="a.png" agent={null} layout="split" version="v" />);
    await settled(() =>
      expect(container.querySelector("[data-testid=diff-binary]")).not.toBeNull(),
    );
    expect(container.querySelector("[data-testid=diff-view]")).toBeNull();
  });

  it("marks a cut patch as truncated with its full size, and draws what was kept", async () => {
    serve({ ...base, truncated: true, patch_bytes: 3 * 1024 * 1024 });
    mount(<FileDiffPane session={3} path="a.py" agent={null} layout="unified" version="v" />);
    await settled(() => expect(container.querySelector(".d2h-ins")).not.toBeNull());
    const marker = container.querySelector("[data-testid=diff-truncated]");
    expect(marker?.textContent).toMatch(/Truncated: this diff is 3\.0 MiB/);
  });
});
