/**
 * Commands to the orchestrator, the only writer. Its address comes from the read
 * service's `/api/config`; every request carries the bearer token.
 */

import { ApiError, fetchJson } from "./http";
import { getConfig } from "./read";
import type { TokenStore } from "./token";
import type {
  Accepted,
  AddComment,
  AnswerRequest,
  CommentView,
  CreateGate,
  FollowUp,
  GateView,
  UpdateComment,
  UpdateGate,
  UpdateProject,
  AgentKind,
  Approve,
  OrchestratorHealth,
  PermissionRequestView,
  ProjectView,
  RegisterProject,
  RetryPhase,
  ReviewOutcome,
  StartDebug,
  StartSession,
} from "./types";

export class CommandClient {
  private base: Promise<string> | null = null;
  private readonly tokens: TokenStore;
  private readonly loadBase: () => Promise<string>;

  constructor(tokens: TokenStore, loadBase?: () => Promise<string>) {
    this.tokens = tokens;
    this.loadBase = loadBase ?? (async () => (await getConfig()).orchestrator_url);
  }

  private orchestratorUrl(): Promise<string> {
    // Cache the address, but let a failed lookup be retried by the next command.
    this.base ??= this.loadBase().catch((error: unknown) => {
      this.base = null;
      throw error;
    });
    return this.base;
  }

  private async send<T>(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
  ): Promise<T> {
    const token = this.tokens.token;
    if (!token) {
      throw new ApiError(401, "No access token: paste the token that `make dev` printed.");
    }
    const base = (await this.orchestratorUrl()).replace(/\/+$/, "");
    try {
      return await fetchJson<T>(`${base}/api${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.tokens.reject(error.message);
      throw error;
    }
  }

  /** The orchestrator's health, which names its model mode (no token needed). */
  async health(): Promise<OrchestratorHealth> {
    const base = (await this.orchestratorUrl()).replace(/\/+$/, "");
    return fetchJson<OrchestratorHealth>(`${base}/api/health`);
  }

  /**
   * Ask the orchestrator whether the token is its own; a refused one is forgotten at once
   * and the token prompt says so (send's 401 handling), instead of at the first command.
   */
  async checkToken(): Promise<void> {
    if (this.tokens.token === null) return;
    await this.send("GET", "/token");
  }

  registerProject(body: RegisterProject): Promise<ProjectView> {
    return this.send("POST", "/projects", body);
  }

  updateProject(ref: string | number, body: UpdateProject): Promise<ProjectView> {
    return this.send("PATCH", `/projects/${encodeURIComponent(String(ref))}`, body);
  }

  archiveProject(ref: string | number): Promise<ProjectView> {
    return this.send("POST", `/projects/${encodeURIComponent(String(ref))}/archive`);
  }

  startSession(body: StartSession): Promise<Accepted> {
    return this.send("POST", "/sessions", body);
  }

  cancel(session: number): Promise<Accepted> {
    return this.send("POST", `/sessions/${session}/cancel`);
  }

  resume(session: number): Promise<Accepted> {
    return this.send("POST", `/sessions/${session}/resume`);
  }

  retry(session: number, phase: AgentKind): Promise<Accepted> {
    return this.send("POST", `/sessions/${session}/retry`, { phase } satisfies RetryPhase);
  }

  debug(session: number, prompt: string): Promise<Accepted> {
    return this.send("POST", `/sessions/${session}/debug`, { prompt } satisfies StartDebug);
  }

  /** Merge the session's branch into its base branch (409 with `{reason, files}` if refused). */
  approve(session: number, body: Approve): Promise<ReviewOutcome> {
    return this.send("POST", `/sessions/${session}/approve`, body);
  }

  discard(session: number): Promise<ReviewOutcome> {
    return this.send("POST", `/sessions/${session}/discard`);
  }

  keep(session: number): Promise<ReviewOutcome> {
    return this.send("POST", `/sessions/${session}/keep`);
  }

  resolve(session: number): Promise<Accepted> {
    return this.send("POST", `/sessions/${session}/resolve`);
  }

  createGate(project: string, body: CreateGate): Promise<GateView> {
    return this.send("POST", `/projects/${encodeURIComponent(project)}/gates`, body);
  }

  updateGate(project: string, name: string, body: UpdateGate): Promise<GateView> {
    const path = `/projects/${encodeURIComponent(project)}/gates/${encodeURIComponent(name)}`;
    return this.send("PATCH", path, body);
  }

  deleteGate(project: string, name: string): Promise<GateView> {
    const path = `/projects/${encodeURIComponent(project)}/gates/${encodeURIComponent(name)}`;
    return this.send("DELETE", path);
  }

  /** Comment on lines of one side of a changed file (400 naming what the diff lacks). */
  addComment(session: number, body: AddComment): Promise<CommentView> {
    return this.send("POST", `/sessions/${session}/comments`, body);
  }

  updateComment(session: number, comment: number, body: UpdateComment): Promise<CommentView> {
    return this.send("PATCH", `/sessions/${session}/comments/${comment}`, body);
  }

  deleteComment(session: number, comment: number): Promise<CommentView> {
    return this.send("DELETE", `/sessions/${session}/comments/${comment}`);
  }

  /** Send every unresolved comment to a new round of the build agent. */
  requestChanges(session: number): Promise<Accepted> {
    return this.send("POST", `/sessions/${session}/request-changes`);
  }

  followUp(session: number, body: FollowUp): Promise<Accepted> {
    return this.send("POST", `/sessions/${session}/follow-up`, body);
  }

  /** Answer a supervised agent's permission request (409 once it no longer waits). */
  answerRequest(
    session: number,
    request: number,
    body: AnswerRequest,
  ): Promise<PermissionRequestView> {
    return this.send("POST", `/sessions/${session}/requests/${request}/answer`, body);
  }
}
