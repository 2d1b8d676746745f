/**
 * What a supervised agent's permission request shows: the tool call's input (a Bash
 * command as code), the time left before it is denied automatically, and a question
 * request's questions read from the ask-user tool's loosely typed input, with the answers
 * built the way the agent expects them (question text → answer).
 */

import type { PermissionRequestView } from "../../../lib/api/types";

/** One of the ask-user tool's questions. */
export interface AgentQuestion {
  question: string;
  header: string;
  options: { label: string; description: string }[];
  multiSelect: boolean;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** The questions of a question request, with what is missing taken as empty. */
export function questionsOf(request: PermissionRequestView): AgentQuestion[] {
  return (request.questions ?? []).map((q) => ({
    question: text(q.question),
    header: text(q.header),
    options: (Array.isArray(q.options) ? (q.options as unknown[]) : []).map((o) => {
      const option = typeof o === "object" && o !== null ? (o as Record<string, unknown>) : {};
      return { label: text(option.label) || text(o), description: text(option.description) };
    }),
    multiSelect: q.multiSelect === true,
  }));
}

/** A tool call's input as the user should read it: a command, or the input as JSON. */
export function toolInputShown(request: PermissionRequestView): { code: string; command: boolean } {
  const command = request.tool_input.command;
  if (request.tool_name === "Bash" && typeof command === "string")
    return { code: command, command: true };
  return { code: JSON.stringify(request.tool_input, null, 2), command: false };
}

/** "denied automatically in 4 min 05 s", or that the time is up. */
export function timeLeft(expiresAt: string, now: number): string {
  const seconds = Math.ceil((Date.parse(expiresAt) - now) / 1000);
  if (seconds <= 0) return "time is up: it is being denied";
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const shown = minutes > 0 ? `${minutes} min ${String(rest).padStart(2, "0")} s` : `${rest} s`;
  return `denied automatically in ${shown}`;
}

/** The answer to each question: the chosen options (comma-separated), or the user's words. */
export function answersFor(
  questions: AgentQuestion[],
  chosen: Record<string, string[]>,
  typed: Record<string, string>,
): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const q of questions) {
    const own = (typed[q.question] ?? "").trim();
    answers[q.question] = own || (chosen[q.question] ?? []).join(", ");
  }
  return answers;
}

/** Whether every question has an answer. */
export function allAnswered(answers: Record<string, string>): boolean {
  return Object.values(answers).every((answer) => answer !== "");
}

const DECISIONS: Record<string, string> = {
  allow_once: "allowed once",
  allow_session: "allowed for the rest of the session",
  deny: "denied",
};

/** One line for the log: what was asked, and where it stands. */
export function requestSummary(request: PermissionRequestView): string {
  const what =
    request.kind === "question" ? `question #${request.id}` : `${request.tool_name} #${request.id}`;
  const said = request.message ? `: “${request.message}”` : "";
  switch (request.status) {
    case "pending": {
      if (request.kind === "question")
        return `${what} asks: ${questionsOf(request)[0]?.question ?? ""}`;
      const shown = toolInputShown(request);
      return `${what} waits for your answer: ${shown.command ? shown.code : request.tool_name}`;
    }
    case "allowed":
      return request.kind === "question"
        ? `${what} answered`
        : `${what} ${DECISIONS[request.decision ?? "allow_once"]}`;
    case "denied":
      return `${what} ${request.kind === "question" ? "declined" : "denied"}${said}`;
    case "expired":
      return `${what} expired unanswered: denied${said}`;
    case "interrupted":
      return `${what} interrupted by an orchestrator stop: resuming asks again`;
  }
}
