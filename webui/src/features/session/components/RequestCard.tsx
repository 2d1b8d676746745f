/**
 * One permission request of a supervised agent, with its answers: the tool and its input
 * (a Bash command as code) or the agent's questions, the reason the agent gave, the time
 * left before it is denied automatically, and Allow once / Allow for this session / Deny
 * with a message for the agent. A refused answer (409: answered elsewhere, expired) is
 * shown in the orchestrator's words.
 */

import { useState } from "react";
import { useCanCommand } from "../../../hooks/useCanCommand";
import { useCommand } from "../../../hooks/useCommand";
import { useNow } from "../../../hooks/useNow";
import { useServices } from "../../../hooks/useServices";
import type { AnswerRequest, PermissionRequestView } from "../../../lib/api/types";
import { isSubmitKey } from "../../../lib/keys";
import {
  allAnswered,
  answersFor,
  questionsOf,
  timeLeft,
  toolInputShown,
} from "../utils/permissions";
import { QuestionFields } from "./QuestionFields";

export function RequestCard({ request }: { request: PermissionRequestView }) {
  const { commands } = useServices();
  const canCommand = useCanCommand();
  const now = useNow(1000);
  const { pending, error, run } = useCommand();
  const [sent, setSent] = useState(false);
  const [message, setMessage] = useState("");
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [typed, setTyped] = useState<Record<string, string>>({});
  const question = request.kind === "question";
  const questions = question ? questionsOf(request) : [];
  const answers = answersFor(questions, chosen, typed);
  const shown = question ? null : toolInputShown(request);
  const busy = pending || sent || !canCommand;
  const who = request.agent_id === null ? "The agent" : `Agent #${request.agent_id}`;

  const answer = (body: AnswerRequest) =>
    void run(async () => {
      await commands.answerRequest(request.session_id, request.id, body);
      setSent(true); // the request leaves the panel when its answer comes back on the feed
    });
  const deny = () => answer({ decision: "deny", message: message.trim() || null });

  return (
    <article
      className="request-card"
      data-testid="permission-request"
      data-request-id={request.id}
      data-kind={request.kind}
      aria-labelledby={`request-${request.id}-title`}
    >
      <h3 id={`request-${request.id}-title`} className="request-title">
        {question ? `${who} asks you` : `${who} wants to use ${request.tool_name}`}
        <span className="request-deadline muted" data-testid="request-deadline">
          {timeLeft(request.expires_at, now)}
        </span>
      </h3>
      {request.reason && (
        <p className="request-reason" data-testid="request-reason">
          <span className="muted">Why: </span>
          {request.reason}
        </p>
      )}
      {shown && (
        <pre className={shown.command ? "request-command" : "request-input"}>
          <code data-testid="request-input">{shown.code}</code>
        </pre>
      )}
      {question && (
        <QuestionFields
          requestId={request.id}
          questions={questions}
          chosen={chosen}
          typed={typed}
          onChoose={(q, labels) => setChosen({ ...chosen, [q]: labels })}
          onType={(q, words) => setTyped({ ...typed, [q]: words })}
          disabled={busy}
        />
      )}
      <label className="request-message">
        <span className="muted">
          {question ? "Message with Decline" : "Message to the agent with Deny"} (optional)
        </span>
        <textarea
          rows={2}
          value={message}
          disabled={busy}
          onChange={(e) => setMessage(e.target.value)}
          onKeyDown={(e) => {
            if (!isSubmitKey(e)) return;
            e.preventDefault();
            deny();
          }}
          placeholder="Ctrl+Enter denies with this message"
        />
      </label>
      <div className="request-answers" role="group" aria-label="Answer">
        {question ? (
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !allAnswered(answers)}
            onClick={() => answer({ decision: "allow_once", answers })}
          >
            Answer
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => answer({ decision: "allow_once" })}
            >
              Allow once
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => answer({ decision: "allow_session" })}
              title={
                shown?.command
                  ? "Run this same command unasked for the rest of the session"
                  : `Use ${request.tool_name} unasked for the rest of the session`
              }
            >
              Allow for this session
            </button>
          </>
        )}
        <button type="button" className="button button-danger" disabled={busy} onClick={deny}>
          {question ? "Decline" : "Deny"}
        </button>
        {pending && <span className="muted">Sending…</span>}
        {sent && <span className="muted">Answer sent; waiting for the agent…</span>}
        {!canCommand && <span className="muted">Read-only: paste the access token to answer</span>}
      </div>
      {error && (
        <p className="command-error" role="alert" data-testid="request-error">
          Could not answer: {error}
        </p>
      )}
    </article>
  );
}
