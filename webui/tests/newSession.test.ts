// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { defaultProject, rememberedProject, rememberProject } from "../src/lib/projectMemory";
import { toggleSwitch } from "../src/lib/scripted";

beforeEach(() => localStorage.clear());

describe("the New-session form's project", () => {
  const choices = ["alpha", "beta", "gamma"];

  it("is the one the address names", () => {
    expect(defaultProject(choices, "gamma", "beta")).toBe("gamma");
  });

  it("else the one in view or last used, not the alphabetically first", () => {
    rememberProject("beta");
    expect(defaultProject(choices, null, rememberedProject())).toBe("beta");
  });

  it("skips a name that is no longer a choice (archived, removed)", () => {
    expect(defaultProject(choices, "gone", "also-gone")).toBe("alpha");
    expect(defaultProject([], null, "beta")).toBe("");
  });

  it("remembers across reloads in localStorage", () => {
    expect(rememberedProject()).toBeNull();
    rememberProject("gamma");
    expect(localStorage.getItem("pilothouse.project")).toBe("gamma");
    expect(rememberedProject()).toBe("gamma");
  });
});

describe("the scripted model's switches", () => {
  it("are added at the prompt's end and removed again", () => {
    expect(toggleSwitch("", "[scripted:slow]")).toBe("[scripted:slow]");
    expect(toggleSwitch("Add a test  ", "[scripted:slow]")).toBe("Add a test [scripted:slow]");
    expect(toggleSwitch("Add a test [scripted:slow]", "[scripted:slow]")).toBe("Add a test");
  });
});
