// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ReviewPanel } from "../src/features/session/components/ReviewPanel";
import type { Services } from "../src/hooks/useServices";
import { ServicesContext } from "../src/hooks/useServices";
import { ApiError } from "../src/lib/api/http";
import type { SessionView } from "../src/lib/api/types";
import { session } from "./fixtures";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const inReview = session({
  status: "awaiting_review",
  isolated: true,
  branch: "pilothouse/s-1",
  base_ref: "trunk",
  base_commit: "abc",
});
const outcome = { session_id: 1, slug: "s-1", status: "merged", token: "9" };

let container: HTMLDivElement;
afterEach(() => container.remove());

function render(view: SessionView, commands: Record<string, unknown>): HTMLDivElement {
  container = document.createElement("div");
  document.body.append(container);
  const services = { commands } as unknown as Services;
  act(() => {
    createRoot(container).render(
      <ServicesContext.Provider value={services}>
        <ReviewPanel session={view} suggested="Add greet" />
      </ServicesContext.Provider>,
    );
  });
  return container;
}

function button(name: string): HTMLButtonElement {
  const found = [...container.querySelectorAll("button")].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

async function click(name: string): Promise<void> {
  // The command's promise settles after the click: let React apply what follows it.
  await act(() => {
    button(name).click();
    return Promise.resolve();
  });
}

function type(field: HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  // Through the prototype's setter, as a browser would: React tracks the value it set.
  const prototype = Object.getPrototypeOf(field) as object;
  act(() => {
    Reflect.set(prototype, "value", value, field);
    field.dispatchEvent(
      new Event(field instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }),
    );
  });
}

const APPROVE = "Approve and merge into trunk";

describe("ReviewPanel", () => {
  it("prefills the message and sends it only when edited", async () => {
    const approve = vi.fn().mockResolvedValue(outcome);
    render(inReview, { approve });
    const message = container.querySelector("textarea") as HTMLTextAreaElement;
    expect(message.value).toBe("Add greet");
    await click(APPROVE);
    expect(approve).toHaveBeenLastCalledWith(1, { strategy: "squash" });
    type(message, "Greet by name");
    await click(APPROVE);
    expect(approve).toHaveBeenLastCalledWith(1, { strategy: "squash", message: "Greet by name" });
  });

  it("takes no message with rebase", async () => {
    const approve = vi.fn().mockResolvedValue(outcome);
    render(inReview, { approve });
    type(container.querySelector("select") as HTMLSelectElement, "rebase");
    expect((container.querySelector("textarea") as HTMLTextAreaElement).disabled).toBe(true);
    await click(APPROVE);
    expect(approve).toHaveBeenLastCalledWith(1, { strategy: "rebase" });
  });

  it("shows a refusal with its files, and makes Resolve the way on", async () => {
    const body = {
      status_code: 409,
      detail: "the merge conflicts",
      extra: { reason: "conflict", files: ["greet.py", "notes.md"] },
    };
    const approve = vi.fn().mockRejectedValue(new ApiError(409, "the merge conflicts", body));
    render(inReview, { approve });
    await click(APPROVE);
    const refusal = container.querySelector("[data-testid=refusal]");
    expect(refusal?.getAttribute("data-reason")).toBe("conflict");
    expect([...(refusal?.querySelectorAll("li") ?? [])].map((li) => li.textContent)).toEqual([
      "greet.py",
      "notes.md",
    ]);
    expect(button("Resolve conflicts").className).toContain("button-primary");
  });

  it("discards only after the confirmation", async () => {
    const discard = vi.fn().mockResolvedValue({ ...outcome, status: "discarded" });
    render(inReview, { discard });
    await click("Discard…");
    expect(discard).not.toHaveBeenCalled();
    await click("No");
    await click("Discard…");
    await click("Yes, discard");
    expect(discard).toHaveBeenCalledWith(1);
  });

  it("offers only discard and keep without a base branch, and nothing once merged", () => {
    render({ ...inReview, base_ref: null }, {});
    expect(container.textContent).not.toContain("Approve");
    expect(container.textContent).not.toContain("Resolve");
    expect(button("Keep branch")).toBeDefined();
    container.remove();
    render({ ...inReview, status: "merged", merged_commit: "0123456789abcdef" }, {});
    expect(container.textContent).toContain("Merged into trunk as 01234567");
    expect(container.querySelector("button")).toBeNull();
  });
});
