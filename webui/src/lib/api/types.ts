/**
 * The wire contract under the names the UI uses, all taken from the types generated from
 * the services' documents (`make types`; ./generated, from webui/openapi/*.json): views
 * and pages from the read service's OpenAPI document, commands from the orchestrator's.
 * Datetimes arrive as ISO 8601 strings (msgspec's encoding).
 *
 * Events are a union discriminated by `kind`: compare `event.kind` and TypeScript knows
 * the payload (`if (event.kind === "tool_use") event.payload.name`), no cast needed.
 */

import type { components as OrchestratorDocument } from "./generated/orchestrator";
import type { components as ReadDocument } from "./generated/read";

type Read = ReadDocument["schemas"];
type Orchestrator = OrchestratorDocument["schemas"];

export type ProjectStatus = Read["ProjectStatus"];
export type SessionStatus = Read["SessionStatus"];
export type AgentKind = Read["AgentKind"];
/** The agent kinds a session's pipeline may name (not `debug`). */
export type PipelinePhase = Orchestrator["PipelinePhase"];
export type AgentStatus = Read["AgentStatus"];
export type ModelMode = Read["ModelMode"];

export type ProjectView = Read["ProjectView"];
export type SessionView = Read["SessionView"];
export type AgentView = Read["AgentView"];
export type RetentionView = Read["RetentionView"];
export type SessionDetail = Read["SessionDetail"];

/** Cost and token totals, as a session, an agent and a `result` payload carry them. */
export type UsageTotals = Pick<
  SessionView,
  | "cost_usd"
  | "input_tokens"
  | "output_tokens"
  | "cache_read_tokens"
  | "cache_creation_tokens"
  | "turns"
>;

/** One journal row: one variant per kind, each with its payload's type. */
export type EventView = Read["EventView"];
export type EventKind = EventView["kind"];
/** The variant of one kind: `EventOf<"tool_use">["payload"]` is a ToolUsePayload. */
export type EventOf<K extends EventKind> = Extract<EventView, { kind: K }>;

export type PhasePayload = Read["PhasePayload"];
export type SystemPayload = Read["SystemPayload"];
export type UserPayload = Read["UserPayload"];
/** Assistant text (markdown) or a thinking block. */
export type TextPayload = Read["TextPayload"];
export type ToolUsePayload = Read["ToolUsePayload"];
export type ToolResultPayload = Read["ToolResultPayload"];
export type ResultPayload = Read["ResultPayload"];
export type StderrPayload = Read["StderrPayload"];
export type ErrorPayload = Read["ErrorPayload"];
export type WorkspacePayload = Read["WorkspacePayload"];
export type SetupOutputPayload = Read["SetupOutputPayload"];
export type CommitPayload = Read["CommitPayload"];
export type GatePayload = Read["GatePayload"];
export type GateOutputPayload = Read["GateOutputPayload"];
export type CommentPayload = Read["CommentPayload"];
/** A supervised agent's tool call or question waiting for (or given) the user's answer. */
export type PermissionRequestView = Read["PermissionRequestView"];
export type Supervision = Read["Supervision"];

/** What a session changed: its files against its base, or one agent's commit. */
export type ChangeSet = Read["ChangeSet"];
export type FileChange = Read["FileChange"];
export type FileStatus = Read["FileStatus"];
export type FileDiff = Read["FileDiff"];
export type CommitView = Read["CommitView"];

/** QA gates, their results, review comments. */
export type GateView = Read["GateView"];
export type GateResultView = Read["GateResultView"];
export type Checks = Read["Checks"];
export type CommentView = Read["CommentView"];
export type DiffSide = Read["DiffSide"];

type Pages = Read["Page_ProjectView_"] | Read["Page_SessionView_"] | Read["Page_EventView_"];
/** A page of a list: `Page_ProjectView_`, `Page_SessionView_` and `Page_EventView_` of the
 * read service's document, which differ only in their items. */
export type Page<T> = Omit<Pages, "items"> & { items: T[] };

export type ErrorBody = Read["ErrorBody"];
export type ArtifactEntry = Read["ArtifactEntry"];
export type BrowseEntry = Read["BrowseEntry"];
export type BrowseListing = Read["BrowseListing"];
export type UiConfig = Read["UiConfig"];
export type SearchPage = Read["SearchPage"];
export type SearchGroup = Read["SearchGroup"];
export type SearchHit = Read["SearchHit"];
export type SnippetPart = Read["SnippetPart"];

// ------------------------------------------------------------------ commands

export type Accepted = Orchestrator["Accepted"];
export type RegisterProject = Orchestrator["RegisterProject"];
export type UpdateProject = Orchestrator["UpdateProject"];
export type StartSession = Orchestrator["StartSession"];
export type RetryPhase = Orchestrator["RetryPhase"];
export type StartDebug = Orchestrator["StartDebug"];
export type Approve = Orchestrator["Approve"];
export type MergeStrategy = Orchestrator["MergeStrategy"];
export type ReviewOutcome = Orchestrator["ReviewOutcome"];
export type CreateGate = Orchestrator["CreateGate"];
export type UpdateGate = Orchestrator["UpdateGate"];
export type AddComment = Orchestrator["AddComment"];
export type UpdateComment = Orchestrator["UpdateComment"];
export type FollowUp = Orchestrator["FollowUp"];
export type OrchestratorHealth = Orchestrator["Health"];
export type AnswerRequest = Orchestrator["AnswerRequest"];
export type PermissionDecision = Orchestrator["PermissionDecision"];

// -------------------------------------------------------------------- values

/** The default phases of a session, in the order they run (shared.contract.enums.PIPELINE). */
export const PIPELINE: readonly PipelinePhase[] = ["spec", "plan", "build", "docs"];

/** Every session status, in the order filters list them (tests/contract.test-d.ts checks
 * that none is missing; `satisfies` that none is stale). */
export const SESSION_STATUSES = [
  "queued",
  "running",
  "completed",
  "failed",
  "cancelled",
  "interrupted",
  "awaiting_review",
  "merged",
  "discarded",
  "kept",
] as const satisfies readonly SessionStatus[];
