// @vitest-environment jsdom
import { act } from "react";
import type { ReactNode } from "react";
import { createRoot } from "react-dom/client";
import type { Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentList } from "../src/features/session/components/AgentList";
import { SessionHeader } from "../src/features/session/components/SessionHeader";
import { SearchResults } from "../src/features/search/components/SearchResults";
import { agent, project, session } from "./fixtures";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

function show(node: ReactNode): string {
  act(() => root.render(node));
  return container.textContent ?? "";
}

beforeEach(() => {
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe("the session page says", () => {
  it("which agent a resumed one continues, as the CLI does", () => {
    const agents = [agent({ id: 11 }), agent({ id: 12, resumed_from: 11 })];
    const text = show(<AgentList agents={agents} selected={null} onSelect={() => undefined} />);
    expect(text).toContain("resumes agent #11");
    expect(container.querySelectorAll("[data-testid=resumes]")).toHaveLength(1);
  });

  it("that a queued session waits for a free agent slot", () => {
    const header = (status: "queued" | "running") => (
      <SessionHeader
        session={session({ status })}
        project={project()}
        agents={[]}
        actions={null}
        onReview={() => undefined}
      />
    );
    expect(show(header("queued"))).toContain("waits for a free agent slot");
    expect(show(header("running"))).not.toContain("waits for a free agent slot");
  });
});

describe("an unfenced session is labelled, a fenced one not", () => {
  const header = (unfenced: boolean) => (
    <SessionHeader
      session={session({ unfenced })}
      project={project()}
      agents={[]}
      actions={null}
      onReview={() => undefined}
    />
  );
  const label = () => container.querySelector("[data-testid=unfenced-badge]");
  const notice = () => container.querySelector("[data-testid=unfenced-notice]");

  it("in the header, with what it means and how to fence", () => {
    show(header(true));
    expect(label()?.textContent).toBe("unfenced");
    expect(label()?.getAttribute("title")).toContain("install bubblewrap and socat");
    expect(notice()?.textContent).toContain("ran without the agent fence");
    expect(notice()?.textContent).toContain("start the orchestrator without PILOTHOUSE_UNFENCED");
    expect(notice()?.textContent).toContain('docs/architecture.md, "The agent fence"');
    show(header(false));
    expect(label()).toBeNull();
    expect(notice()).toBeNull();
  });

  it("on each agent that ran unfenced", () => {
    const agents = [agent({ id: 1, unfenced: true }), agent({ id: 2 })];
    show(<AgentList agents={agents} selected={null} onSelect={() => undefined} />);
    const marked = [...container.querySelectorAll("[data-agent]")].map(
      (row) => row.querySelector("[data-testid=unfenced-badge]") !== null,
    );
    expect(marked).toEqual([true, false]);
  });

  it("in search results", () => {
    const group = (session_id: number, session_unfenced: boolean) => ({
      session_id,
      session_slug: `s-${session_id}`,
      session_title: `Session ${session_id}`,
      project_id: 1,
      project_slug: "demo",
      phase: null,
      session_unfenced,
      hits: [],
    });
    show(<SearchResults groups={[group(1, true), group(2, false)]} query="greet" />);
    const heads = [...container.querySelectorAll(".search-group-head")];
    expect(
      heads.map((head) => head.querySelector("[data-testid=unfenced-badge]") !== null),
    ).toEqual([true, false]);
  });
});
