import { describe, expect, it } from "vitest";
import { tabAfterKey } from "../src/lib/keys";

describe("tabs and the keyboard", () => {
  const tabs = ["log", "changes", "artifacts"] as const;

  it("move with the arrows, wrapping, and jump with Home and End", () => {
    expect(tabAfterKey(tabs, "log", "ArrowRight")).toBe("changes");
    expect(tabAfterKey(tabs, "artifacts", "ArrowRight")).toBe("log");
    expect(tabAfterKey(tabs, "log", "ArrowLeft")).toBe("artifacts");
    expect(tabAfterKey(tabs, "changes", "Home")).toBe("log");
    expect(tabAfterKey(tabs, "log", "End")).toBe("artifacts");
    expect(tabAfterKey(tabs, "log", "a")).toBeNull();
  });
});
