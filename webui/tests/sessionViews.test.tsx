// @vitest-environment jsdom
import { act } from "react";
import type { ReactNode } from "react";
import { createRoot } from "react-dom/client";
import type { Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentList } from "../src/features/session/components/AgentList";
import { SessionHeader } from "../src/features/session/components/SessionHeader";
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
