// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import type { Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionActions } from "../src/features/session/components/SessionActions";
import type { Services } from "../src/hooks/useServices";
import { ServicesContext } from "../src/hooks/useServices";
import { TokenStore } from "../src/lib/api/token";
import type { SessionView } from "../src/lib/api/types";
import { session } from "./fixtures";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
const cancel = vi.fn(() => Promise.resolve({ id: 1 }));
let tokens: TokenStore;
let services: Services;

function show(view: SessionView): void {
  act(() =>
    root.render(
      <ServicesContext.Provider value={services}>
        <SessionActions session={view} />
      </ServicesContext.Provider>,
    ),
  );
}

const retryPhase = () =>
  (container.querySelector("[aria-label='Phase to retry']") as HTMLSelectElement).value;
const button = (name: string) =>
  [...container.querySelectorAll("button")].find((b) => b.textContent === name)!;

beforeEach(() => {
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  cancel.mockClear();
  localStorage.clear();
  tokens = new TokenStore(localStorage);
  tokens.set("t");
  services = { commands: { cancel }, tokens } as unknown as Services;
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

describe("SessionActions", () => {
  it("offers to retry the phase the session is in now, not the one at page load", () => {
    show(session({ status: "running", current_phase: "spec" }));
    expect(retryPhase()).toBe("spec");
    show(session({ status: "running", current_phase: "build" }));
    show(session({ status: "cancelled", current_phase: "build" }));
    expect(retryPhase()).toBe("build");
    show(session({ status: "awaiting_review", current_phase: null }));
    expect(retryPhase()).toBe("docs");
  });

  it("keeps the user's pick until the session moves on", () => {
    show(session({ status: "failed", current_phase: "build" }));
    const select = container.querySelector("select")!;
    act(() => {
      select.value = "plan";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    show(session({ status: "failed", current_phase: "build", cost_usd: 1 }));
    expect(retryPhase()).toBe("plan");
    show(session({ status: "failed", current_phase: "docs" }));
    expect(retryPhase()).toBe("docs");
  });

  it("offers nothing to click in read-only mode (no token)", () => {
    tokens.reject("refused");
    show(session({ status: "failed", current_phase: "build" }));
    for (const name of ["Cancel", "Resume", "Retry phase", "Debug agent…"]) {
      expect(button(name).disabled).toBe(true);
      expect(button(name).title).toContain("Read-only");
    }
    act(() => tokens.set("t"));
    expect(button("Resume").disabled).toBe(false);
    expect(button("Retry phase").disabled).toBe(false);
  });

  it("asks before cancelling, and cancels only when the user says so", async () => {
    show(session({ status: "running", current_phase: "build", title: "Long job" }));
    const asked = vi.fn(() => false);
    vi.stubGlobal("confirm", asked);
    await act(async () => {
      button("Cancel").click();
      await Promise.resolve();
    });
    expect(asked).toHaveBeenCalledWith(expect.stringContaining("Cancel “Long job”?"));
    expect(cancel).not.toHaveBeenCalled();
    vi.stubGlobal("confirm", () => true);
    await act(async () => {
      button("Cancel").click();
      await Promise.resolve();
    });
    expect(cancel).toHaveBeenCalledWith(1);
  });
});
