// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { parseRoute } from "../src/app/router";
import { orderArtifacts } from "../src/features/session/components/Artifacts";
import { latestAgentByKind } from "../src/features/session/components/PhaseTimeline";
import { summarize, summarizeToolInput, toolNameFor } from "../src/features/session/utils/describe";
import { renderMarkdown } from "../src/features/session/utils/markdown";
import { readPlan } from "../src/features/session/utils/plan";
import { toneOf } from "../src/features/session/utils/tone";
import { phaseMarks } from "../src/features/sessions/components/PhaseStrip";
import { formatAge, formatCost, formatCount, formatDuration } from "../src/lib/format";
import { agent, event } from "./fixtures";

describe("routes", () => {
  it("reads every page's address", () => {
    expect(parseRoute("/", "?project=demo&status=running,failed")).toEqual({
      name: "sessions",
      project: "demo",
      status: ["running", "failed"],
      needsYou: false,
    });
    expect(parseRoute("/", "?needs_you=true")).toEqual({
      name: "sessions",
      project: null,
      status: [],
      needsYou: true,
    });
    expect(parseRoute("/projects", "?archived=true")).toEqual({ name: "projects", archived: true });
    expect(parseRoute("/new", "?project=demo")).toEqual({ name: "new", project: "demo" });
    expect(parseRoute("/sessions/12/", "?agent=4&tab=artifacts")).toEqual({
      name: "session",
      ref: "12",
      agent: 4,
      tab: "artifacts",
      artifact: null,
      event: null,
      q: "",
      filter: { kinds: [], tools: [], errors: false },
    });
    expect(parseRoute("/sessions/12", "?tab=artifacts&artifact=debug%2Freport.md")).toMatchObject({
      tab: "artifacts",
      artifact: "debug/report.md",
    });
    expect(
      parseRoute(
        "/sessions/x",
        "?event=812&q=migration&kind=tool_use,tool_result&tool=Bash&errors=true",
      ),
    ).toMatchObject({
      event: 812,
      q: "migration",
      filter: { kinds: ["tool_use", "tool_result"], tools: ["Bash"], errors: true },
    });
    expect(parseRoute("/sessions/x", "?event=-3")).toMatchObject({ event: null });
    expect(parseRoute("/search", "?q=migration").name).toBe("search");
    expect(parseRoute("/sessions/x", "?agent=abc")).toMatchObject({ agent: null, tab: "log" });
    expect(parseRoute("/sessions/x", "?tab=changes")).toMatchObject({ tab: "changes" });
    expect(parseRoute("/sessions/x", "?tab=nonsense")).toMatchObject({ tab: "log" });
    expect(parseRoute("/nope", "")).toEqual({ name: "notFound", path: "/nope" });
  });
});

describe("formatting", () => {
  it("reads numbers the way a developer scans them", () => {
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.00123)).toBe("$0.0012");
    expect(formatCost(0.123)).toBe("$0.123");
    expect(formatCost(12.5)).toBe("$12.50");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1234)).toBe("1.2k");
    expect(formatCount(2_500_000)).toBe("2.5M");
    expect(formatDuration(450)).toBe("450 ms");
    expect(formatDuration(83_000)).toBe("1m 23s");
    expect(formatDuration(3_900_000)).toBe("1h 5m");
  });

  it("says how long ago", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(formatAge("2026-01-01T11:59:58Z", now)).toBe("just now");
    expect(formatAge("2026-01-01T11:55:00Z", now)).toBe("5 min ago");
    expect(formatAge("2025-12-29T12:00:00Z", now)).toBe("3 d ago");
  });
});

describe("log rows", () => {
  it("summarize tool calls by what they touch", () => {
    expect(summarizeToolInput({ file_path: "/a/spec.md", content: "x" })).toBe("/a/spec.md");
    expect(summarizeToolInput({ command: "sleep 30\necho done" })).toBe("sleep 30");
    expect(summarizeToolInput({ other: 1, more: 2 })).toBe("other, more");
  });

  it("make errors loud and state changes quiet", () => {
    expect(toneOf(event(1, "error", { payload: { message: "boom" } }))).toBe("bad");
    expect(
      toneOf(
        event(1, "tool_result", { payload: { tool_use_id: "t", content: "", is_error: true } }),
      ),
    ).toBe("bad");
    expect(toneOf(event(1, "tool_result", { payload: { tool_use_id: "t", content: "" } }))).toBe(
      "plain",
    );
    expect(toneOf(event(1, "session_changed"))).toBe("quiet");
    expect(toneOf(event(1, "phase", { payload: { phase: "build", state: "failed" } }))).toBe("bad");
  });

  it("never word a failure as a success, nor a cancel as a failure", () => {
    const ended = (subtype: string, is_error: boolean, cancelled = false) =>
      event(1, "result", { payload: { ...agent(), subtype, is_error, cancelled } });
    const failed = ended("success", true); // Claude Code's API-error result
    expect(summarize(failed)).toMatch(/^failed · /);
    expect(summarize(failed)).not.toContain("success");
    expect(toneOf(failed)).toBe("bad");
    expect(summarize(ended("error_max_turns", true))).toMatch(/^failed \(error_max_turns\) · /);
    const cancelled = ended("error_during_execution", true, true);
    expect(summarize(cancelled)).toMatch(/^cancelled · /);
    expect(toneOf(cancelled)).toBe("warn");
    expect(summarize(ended("success", false))).toMatch(/^success · /);
    expect(toneOf(ended("success", false))).toBe("ok");
    const note = event(2, "system", {
      payload: { subtype: "cancelled", data: { text: "[Request interrupted by user]" } },
    });
    expect(summarize(note)).toBe("cancelled: the agent stopped here");
    expect(toneOf(note)).toBe("warn");
  });

  it("name the tool a result answers", () => {
    const result = event(2, "tool_result", {
      payload: { tool_use_id: "t1", content: "a\nb", is_error: false },
    });
    expect(summarize(result, "Write")).toBe("result of Write: a (+1 line)");
    const one = event(3, "tool_result", {
      payload: { tool_use_id: "t1", content: "File created successfully at: /p/a.py" },
    });
    expect(summarize(one, "Write")).toBe("result of Write: File created successfully at: /p/a.py");
  });

  it("find a result's tool by the nearest earlier call, as ids repeat across turns", () => {
    const use = (id: number, name: string) =>
      event(id, "tool_use", { payload: { tool_use_id: "t0", name, input: {} } });
    const result = (id: number) =>
      event(id, "tool_result", { payload: { tool_use_id: "t0", content: "" } });
    const rows = [use(1, "Write"), result(2), use(3, "Read"), event(4), result(5)];
    expect(toolNameFor(rows, 1)).toBe("Write");
    expect(toolNameFor(rows, 4)).toBe("Read");
    expect(toolNameFor(rows, 0)).toBeUndefined();
  });

  it("render markdown without letting scripts through", () => {
    const html = renderMarkdown("**bold** <img src=x onerror=alert(1)><script>alert(2)</script>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toContain("onerror");
    expect(html).not.toContain("<script");
  });
});

describe("session views", () => {
  it("read a plan with steps, and refuse other shapes", () => {
    const plan = readPlan({
      summary: "Add greeting",
      steps: [{ id: 1, title: "Create module", files: ["hello.py"], risk: "low" }, "Document it"],
    });
    expect(plan?.summary).toBe("Add greeting");
    expect(plan?.steps[0]).toEqual({
      id: "1",
      title: "Create module",
      files: ["hello.py"],
      details: [["risk", "low"]],
    });
    expect(plan?.steps[1].title).toBe("Document it");
    expect(readPlan({ nothing: true })).toBeNull();
    expect(readPlan("text")).toBeNull();
  });

  it("list the main artifacts first in pipeline order", () => {
    const entry = (path: string) => ({ path, size: 1, modified: "" });
    const order = orderArtifacts([
      entry("context/a.md"),
      entry("state.json"),
      entry("plan.json"),
      entry("spec.md"),
    ]);
    expect(order.map((e) => e.path)).toEqual([
      "spec.md",
      "plan.json",
      "state.json",
      "context/a.md",
    ]);
  });

  it("show a retried phase by its newest agent", () => {
    const latest = latestAgentByKind([
      agent({ id: 3, kind: "build", status: "failed" }),
      agent({ id: 5, kind: "build", status: "completed" }),
    ]);
    expect(latest.get("build")?.id).toBe(5);
  });
});

describe("phase strip", () => {
  const phases = ["spec", "plan", "build", "docs"] as const;
  it("marks phases before the current one done and later ones pending", () => {
    expect(
      phaseMarks({ phases: [...phases], current_phase: "build", status: "running" }).map(
        ([, m]) => m,
      ),
    ).toEqual(["done", "done", "current", "pending"]);
  });
  it("marks every phase done once the session completed, none before it starts", () => {
    expect(
      phaseMarks({ phases: [...phases], current_phase: null, status: "completed" }).every(
        ([, m]) => m === "done",
      ),
    ).toBe(true);
    expect(
      phaseMarks({ phases: [...phases], current_phase: null, status: "queued" }).every(
        ([, m]) => m === "pending",
      ),
    ).toBe(true);
  });
});
