/**
 * Review comments on the file in view: its threads (the commented lines' excerpt, the
 * comment, resolve / reopen / delete) and a form to comment on a line or a range of
 * the new or old side; "Request changes" sends every open comment to a build agent
 * round. Comments are checked by the orchestrator against the diff; a refusal is shown.
 */

import { useState } from "react";
import { CommandButton } from "../../../components/CommandButton";
import { ErrorNote } from "../../../components/feedback";
import { SwitchAndRemove } from "../../../components/SwitchAndRemove";
import { useCommand } from "../../../hooks/useCommand";
import { useLoad } from "../../../hooks/useLoad";
import { useServices } from "../../../hooks/useServices";
import { listComments } from "../../../lib/api/read";
import type { CommentView, DiffSide, SessionView } from "../../../lib/api/types";

function lines(c: CommentView): string {
  return c.line_start === c.line_end ? `${c.line_start}` : `${c.line_start}-${c.line_end}`;
}

function Thread({ comment, onChange }: { comment: CommentView; onChange: () => void }) {
  const { commands } = useServices();
  return (
    <li
      className={`comment-thread ${comment.resolved ? "resolved" : ""}`}
      data-comment={comment.id}
      data-resolved={comment.resolved}
    >
      <div className="muted">
        {comment.path}:{lines(comment)} ({comment.side}){comment.resolved && " · resolved"}
        {comment.sent_to !== null && ` · sent to agent #${comment.sent_to}`}
      </div>
      <pre className="comment-excerpt">{comment.excerpt}</pre>
      <p className="comment-body">{comment.body}</p>
      <SwitchAndRemove
        switchLabel={comment.resolved ? "Reopen" : "Resolve"}
        toggle={() =>
          commands.updateComment(comment.session_id, comment.id, { resolved: !comment.resolved })
        }
        removeLabel="Delete"
        remove={() => commands.deleteComment(comment.session_id, comment.id)}
        onDone={onChange}
      />
    </li>
  );
}

function NewComment({
  session,
  path,
  onDone,
}: {
  session: number;
  path: string;
  onDone: () => void;
}) {
  const { commands } = useServices();
  const [start, setStart] = useState("1");
  const [end, setEnd] = useState("");
  const [side, setSide] = useState<DiffSide>("new");
  const [body, setBody] = useState("");
  const { pending, error, run } = useCommand();
  const send = async () => {
    const added = await run(() =>
      commands.addComment(session, {
        path,
        line_start: Number(start),
        line_end: end ? Number(end) : null,
        side,
        body,
      }),
    );
    if (added) {
      setBody("");
      onDone();
    }
  };
  return (
    <form
      className="comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label>
        Lines{" "}
        <input
          aria-label="First line"
          type="number"
          min={1}
          value={start}
          onChange={(e) => setStart(e.target.value)}
        />
        –
        <input
          aria-label="Last line"
          type="number"
          min={1}
          value={end}
          onChange={(e) => setEnd(e.target.value)}
        />
      </label>
      <select aria-label="Side" value={side} onChange={(e) => setSide(e.target.value as DiffSide)}>
        <option value="new">new side</option>
        <option value="old">old side</option>
      </select>
      <textarea
        aria-label="Comment"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={2}
      />
      <button type="submit" className="button" disabled={pending || !body.trim()}>
        {pending ? "Sending…" : "Comment"}
      </button>
      {error && (
        <span className="command-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

export function CommentsPanel({ session, path }: { session: SessionView; path: string | null }) {
  const { commands } = useServices();
  const [comments, reload] = useLoad(
    () => listComments(session.id),
    `${session.id}|${session.status}|${session.head_commit ?? ""}`,
  );
  if (comments.state === "failed") return <ErrorNote error={comments.error} onRetry={reload} />;
  const all = comments.state === "done" ? comments.value : [];
  const open = all.filter((c) => !c.resolved);
  const here = all.filter((c) => c.path === path);
  return (
    <div className="comments" data-testid="comments">
      <div className="comments-head">
        <strong>Review comments</strong>
        <span className="muted"> · {open.length} open</span>{" "}
        <CommandButton
          tone="primary"
          disabled={open.length === 0}
          run={() => commands.requestChanges(session.id)}
          pendingLabel="Sending…"
          onDone={reload}
        >
          Request changes
        </CommandButton>
      </div>
      {here.length > 0 && (
        <ul className="comment-threads">
          {here.map((c) => (
            <Thread key={c.id} comment={c} onChange={reload} />
          ))}
        </ul>
      )}
      {path && <NewComment session={session.id} path={path} onDone={reload} />}
    </div>
  );
}

export function FollowUpForm({ session }: { session: SessionView }) {
  const { commands } = useServices();
  const [message, setMessage] = useState("");
  return (
    <div className="follow-up" data-testid="follow-up">
      <textarea
        aria-label="Follow-up message"
        placeholder="A follow-up for the build agent: a new round in its conversation"
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        rows={2}
      />
      <CommandButton
        disabled={!message.trim()}
        run={() => commands.followUp(session.id, { message })}
        onDone={() => setMessage("")}
      >
        Send follow-up
      </CommandButton>
    </div>
  );
}
