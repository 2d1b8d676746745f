/**
 * Type-level tests of the generated wire types (vitest runs them through tsc: `npm test`;
 * `npm run typecheck` checks them too). They fail when the documents or the generator
 * stop giving the UI a union it can narrow by `kind`.
 */

import { describe, expectTypeOf, it } from "vitest";
import type { components as Read } from "../src/lib/api/generated/read";
import type { EventsFrame } from "../src/lib/api/frames";
import type {
  AgentView,
  CommentPayload,
  CommitPayload,
  ErrorPayload,
  EventKind,
  EventOf,
  EventView,
  Page,
  PermissionRequestView,
  PhasePayload,
  ProjectView,
  ResultPayload,
  SessionStatus,
  SessionView,
  SetupOutputPayload,
  GatePayload,
  GateOutputPayload,
  StderrPayload,
  SystemPayload,
  TextPayload,
  ToolResultPayload,
  ToolUsePayload,
  UserPayload,
  WorkspacePayload,
  SESSION_STATUSES,
} from "../src/lib/api/types";

describe("events", () => {
  it("narrow to their payload by kind, for every kind", () => {
    const payloadOf = (event: EventView) => {
      switch (event.kind) {
        case "project_changed":
          return expectTypeOf(event.payload).toEqualTypeOf<ProjectView>();
        case "session_changed":
          return expectTypeOf(event.payload).toEqualTypeOf<SessionView>();
        case "agent_changed":
          return expectTypeOf(event.payload).toEqualTypeOf<AgentView>();
        case "phase":
          return expectTypeOf(event.payload).toEqualTypeOf<PhasePayload>();
        case "system":
          return expectTypeOf(event.payload).toEqualTypeOf<SystemPayload>();
        case "user":
          return expectTypeOf(event.payload).toEqualTypeOf<UserPayload>();
        case "text":
        case "thinking":
          return expectTypeOf(event.payload).toEqualTypeOf<TextPayload>();
        case "tool_use":
          return expectTypeOf(event.payload).toEqualTypeOf<ToolUsePayload>();
        case "tool_result":
          return expectTypeOf(event.payload).toEqualTypeOf<ToolResultPayload>();
        case "result":
          return expectTypeOf(event.payload).toEqualTypeOf<ResultPayload>();
        case "stderr":
          return expectTypeOf(event.payload).toEqualTypeOf<StderrPayload>();
        case "error":
          return expectTypeOf(event.payload).toEqualTypeOf<ErrorPayload>();
        case "workspace":
          return expectTypeOf(event.payload).toEqualTypeOf<WorkspacePayload>();
        case "setup_output":
          return expectTypeOf(event.payload).toEqualTypeOf<SetupOutputPayload>();
        case "commit":
          return expectTypeOf(event.payload).toEqualTypeOf<CommitPayload>();
        case "gate":
          return expectTypeOf(event.payload).toEqualTypeOf<GatePayload>();
        case "gate_output":
          return expectTypeOf(event.payload).toEqualTypeOf<GateOutputPayload>();
        case "comment":
          return expectTypeOf(event.payload).toEqualTypeOf<CommentPayload>();
        case "permission_changed":
          return expectTypeOf(event.payload).toEqualTypeOf<PermissionRequestView>();
        default:
          // Every kind is handled above: nothing is left to narrow to.
          return expectTypeOf(event).toBeNever();
      }
    };
    expectTypeOf(payloadOf).toBeFunction();
  });

  it("name exactly the twenty kinds of the journal", () => {
    expectTypeOf<EventKind>().toEqualTypeOf<
      | "project_changed"
      | "session_changed"
      | "agent_changed"
      | "phase"
      | "system"
      | "user"
      | "text"
      | "thinking"
      | "tool_use"
      | "tool_result"
      | "result"
      | "stderr"
      | "error"
      | "workspace"
      | "setup_output"
      | "commit"
      | "gate"
      | "gate_output"
      | "comment"
      | "permission_changed"
    >();
    expectTypeOf<EventOf<"tool_use">["payload"]>().toEqualTypeOf<ToolUsePayload>();
  });

  it("keep their payload unknown until narrowed", () => {
    // Only some kinds carry text: a payload offers it only once narrowed by kind.
    expectTypeOf<EventView["payload"]>().not.toHaveProperty("text");
    expectTypeOf<EventOf<"text">["payload"]>().toHaveProperty("text");
  });

  it("are the same type in `events` frames as in REST pages", () => {
    expectTypeOf<EventsFrame["events"][number]>().toEqualTypeOf<EventView>();
    // Page<T> is an intersection, so equal means: each is assignable to the other.
    expectTypeOf<Page<EventView>>().toExtend<Read["schemas"]["Page_EventView_"]>();
    expectTypeOf<Read["schemas"]["Page_EventView_"]>().toExtend<Page<EventView>>();
  });
});

describe("constants of the contract", () => {
  it("list every session status", () => {
    expectTypeOf<(typeof SESSION_STATUSES)[number]>().toEqualTypeOf<SessionStatus>();
  });
});
