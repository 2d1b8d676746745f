// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import type { Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { applySessionChange } from "../src/features/session/api/sessionChanges";
import { RequestPanel } from "../src/features/session/components/RequestPanel";
import { requestSummary, timeLeft } from "../src/features/session/utils/permissions";
import type { Services } from "../src/hooks/useServices";
import { ServicesContext } from "../src/hooks/useServices";
import { ApiError } from "../src/lib/api/http";
import { TokenStore } from "../src/lib/api/token";
import type { PermissionRequestView, SessionDetail } from "../src/lib/api/types";
import { attentionFor } from "../src/lib/attentionNotes";
import { agent, event, project, session } from "./fixtures";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const NOW = Date.parse("2026-01-01T12:00:00Z");

function request(extra: Partial<PermissionRequestView> = {}): PermissionRequestView {
  return {
    id: 3,
    session_id: 1,
    agent_id: 7,
    kind: "tool",
    tool_name: "Bash",
    tool_input: { command: "rm -rf build", description: "Clean the build" },
    reason: "Clean the build",
    questions: [],
    status: "pending",
    decision: null,
    message: null,
    answers: null,
    created_at: new Date(NOW).toISOString(),
    answered_at: null,
    expires_at: new Date(NOW + 125_000).toISOString(),
    ...extra,
  };
}

let container: HTMLDivElement;
let root: Root;
const answerRequest = vi.fn((..._args: unknown[]) => Promise.resolve(request()));
let services: Services;

function show(requests: PermissionRequestView[]): void {
  act(() =>
    root.render(
      <ServicesContext.Provider value={services}>
        <RequestPanel requests={requests} />
      </ServicesContext.Provider>,
    ),
  );
}

const button = (name: string) =>
  [...container.querySelectorAll("button")].find((b) => b.textContent === name)!;

async function click(name: string): Promise<void> {
  await act(async () => {
    button(name).click();
    await Promise.resolve();
  });
}

function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = Object.getPrototypeOf(field) as object;
  act(() => {
    Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(field, value);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  answerRequest.mockClear();
  localStorage.clear();
  const tokens = new TokenStore(localStorage);
  tokens.set("t");
  services = { commands: { answerRequest }, tokens } as unknown as Services;
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
});

describe("RequestPanel", () => {
  it("shows nothing while no request waits", () => {
    show([]);
    expect(container.querySelector("[data-testid=request-panel]")).toBeNull();
  });

  it("shows a Bash request's command as code, the reason and the time left", () => {
    show([request()]);
    const card = container.querySelector("[data-testid=permission-request]")!;
    expect(card.querySelector("h3")!.textContent).toContain("Agent #7 wants to use Bash");
    expect(card.querySelector("pre.request-command code")!.textContent).toBe("rm -rf build");
    expect(card.querySelector("[data-testid=request-reason]")!.textContent).toBe(
      "Why: Clean the build",
    );
    expect(card.querySelector("[data-testid=request-deadline]")!.textContent).toBe(
      "denied automatically in 2 min 05 s",
    );
  });

  it("sends allow once, allow for the session, and deny with the user's message", async () => {
    show([request()]);
    await click("Allow once");
    expect(answerRequest).toHaveBeenLastCalledWith(1, 3, { decision: "allow_once" });

    show([request({ id: 4 })]);
    await click("Allow for this session");
    expect(answerRequest).toHaveBeenLastCalledWith(1, 4, { decision: "allow_session" });

    show([request({ id: 5 })]);
    type(container.querySelector("textarea")!, "  use make clean instead ");
    await click("Deny");
    expect(answerRequest).toHaveBeenLastCalledWith(1, 5, {
      decision: "deny",
      message: "use make clean instead",
    });
    expect(container.textContent).toContain("Answer sent; waiting for the agent");
    expect(button("Allow once").disabled).toBe(true);
  });

  it("denies with Ctrl+Enter from the message box", async () => {
    show([request()]);
    const box = container.querySelector("textarea")!;
    type(box, "no");
    await act(async () => {
      box.dispatchEvent(
        new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true }),
      );
      await Promise.resolve();
    });
    expect(answerRequest).toHaveBeenLastCalledWith(1, 3, { decision: "deny", message: "no" });
  });

  it("says plainly when the answer is refused (already answered), and lets the user try again", async () => {
    answerRequest.mockRejectedValueOnce(
      new ApiError(409, "permission request 3 is not pending: it was allowed"),
    );
    show([request()]);
    await click("Allow once");
    await act(async () => Promise.resolve());
    const alert = container.querySelector("[role=alert]")!;
    expect(alert.textContent).toBe(
      "Could not answer: permission request 3 is not pending: it was allowed",
    );
    expect(button("Deny").disabled).toBe(false);
  });

  it("answers a question with the chosen option or the user's own words", async () => {
    const questions = [
      {
        question: "Which database?",
        header: "DB",
        options: [
          { label: "SQLite", description: "a file" },
          { label: "PostgreSQL", description: "a server" },
        ],
        multiSelect: false,
      },
      { question: "Anything else?", header: "", options: [], multiSelect: false },
    ];
    show([request({ kind: "question", tool_name: "AskUserQuestion", reason: null, questions })]);
    expect(container.querySelector("h3")!.textContent).toContain("Agent #7 asks you");
    expect(button("Answer").disabled).toBe(true); // not every question has an answer yet
    const radio = [...container.querySelectorAll<HTMLInputElement>("input[type=radio]")][1];
    act(() => radio.click());
    type(
      container.querySelector<HTMLInputElement>("[aria-label='Answer to: Anything else?']")!,
      "no",
    );
    await click("Answer");
    expect(answerRequest).toHaveBeenLastCalledWith(1, 3, {
      decision: "allow_once",
      answers: { "Which database?": "PostgreSQL", "Anything else?": "no" },
    });
  });

  it("joins a multiple choice's picks, and declines a question with a message", async () => {
    const questions = [
      {
        question: "Which files?",
        header: "Files",
        options: [{ label: "a.py" }, { label: "b.py" }, { label: "c.py" }],
        multiSelect: true,
      },
    ];
    show([request({ kind: "question", tool_name: "AskUserQuestion", questions })]);
    const boxes = [...container.querySelectorAll<HTMLInputElement>("input[type=checkbox]")];
    act(() => boxes[0].click());
    act(() => boxes[2].click());
    await click("Answer");
    expect(answerRequest).toHaveBeenLastCalledWith(1, 3, {
      decision: "allow_once",
      answers: { "Which files?": "a.py, c.py" },
    });

    show([request({ id: 4, kind: "question", tool_name: "AskUserQuestion", questions })]);
    type(container.querySelector("textarea")!, "not now");
    await click("Decline");
    expect(answerRequest).toHaveBeenLastCalledWith(1, 4, { decision: "deny", message: "not now" });
  });

  it("lets a read-only page see a request but not answer it", () => {
    services.tokens.reject("refused");
    show([request()]);
    expect(button("Allow once").disabled).toBe(true);
    expect(container.textContent).toContain("Read-only");
  });
});

describe("permission requests elsewhere", () => {
  it("keeps the session page's pending requests from permission_changed events", () => {
    const detail: SessionDetail = {
      session: session(),
      project: project(),
      agents: [agent()],
      token: "10",
      requests: [],
    };
    const asked = event(11, "permission_changed", { payload: request() });
    const withOne = applySessionChange(detail, asked)!;
    expect(withOne.requests!.map((r) => r.id)).toEqual([3]);
    expect(applySessionChange(withOne, event(9, "permission_changed"))).toBeNull(); // older
    const answered = event(12, "permission_changed", {
      payload: request({ status: "allowed", decision: "allow_once" }),
    });
    expect(applySessionChange(withOne, answered)!.requests).toEqual([]);
  });

  it("reads a request's log line", () => {
    expect(requestSummary(request())).toBe("Bash #3 waits for your answer: rm -rf build");
    expect(requestSummary(request({ status: "allowed", decision: "allow_session" }))).toBe(
      "Bash #3 allowed for the rest of the session",
    );
    expect(requestSummary(request({ status: "denied", decision: "deny", message: "no" }))).toBe(
      "Bash #3 denied: “no”",
    );
    expect(requestSummary(request({ status: "interrupted" }))).toContain("resuming asks again");
    expect(timeLeft(new Date(NOW - 1).toISOString(), NOW)).toBe("time is up: it is being denied");
  });

  it("raises the tab's attention when a session's pending requests grow", () => {
    const waiting = session({ status: "running", pending_requests: 1 });
    expect(attentionFor(undefined, waiting)).toBe("needs an answer");
    expect(attentionFor({ status: "running", pending: 1 }, waiting)).toBeNull();
    expect(
      attentionFor({ status: "running", pending: 1 }, { ...waiting, pending_requests: 0 }),
    ).toBeNull();
    expect(attentionFor({ status: "running", pending: 0 }, session({ status: "failed" }))).toBe(
      "failed",
    );
  });
});
