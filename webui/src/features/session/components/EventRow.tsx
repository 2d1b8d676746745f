/**
 * One row of the log. Assistant text is rendered markdown; tool calls, results,
 * prompts and thinking are folded to one line and open on click; errors stand out.
 */

import { memo, useContext } from "react";
import type { ReactNode } from "react";
import { ScriptedBadge } from "../../../components/badges";
import { DiffView } from "../../../components/DiffView";
import type { EventView } from "../../../lib/api/types";
import { toolCallPatch } from "../../../lib/diff/toolPatch";
import { formatClock } from "../../../lib/format";
import { KIND_LABELS, summarize } from "../utils/describe";
import { renderMarkdown } from "../utils/markdown";
import { toneOf } from "../utils/tone";
import { RequestDetails } from "./RequestDetails";
import { PlacesContext, shortenPath } from "../utils/places";

interface Props {
  event: EventView;
  toolName?: string;
  expanded: boolean;
  onToggle: (id: number) => void;
}

function Fold({
  event,
  summary,
  expanded,
  onToggle,
  children,
}: Omit<Props, "toolName"> & { summary: ReactNode; children: ReactNode }) {
  return (
    <>
      <button
        type="button"
        className="fold"
        aria-expanded={expanded}
        onClick={() => onToggle(event.id)}
      >
        <span className="fold-mark" aria-hidden>
          {expanded ? "▾" : "▸"}
        </span>
        {summary}
      </button>
      {expanded && <div className="fold-body">{children}</div>}
    </>
  );
}

function Body({ event, toolName, expanded, onToggle }: Props) {
  const fold = { event, expanded, onToggle };
  const places = useContext(PlacesContext);
  switch (event.kind) {
    case "text":
      return (
        <div
          className="markdown"
          dangerouslySetInnerHTML={{ __html: renderMarkdown(event.payload.text) }}
        />
      );
    case "thinking":
      return (
        <Fold {...fold} summary={<span className="muted">Thinking — {summarize(event)}</span>}>
          <div className="thinking-text">{event.payload.text}</div>
        </Fold>
      );
    case "user":
      return (
        <Fold {...fold} summary={<span>Prompt — {summarize(event)}</span>}>
          <pre className="pre">{event.payload.text}</pre>
        </Fold>
      );
    case "tool_use": {
      const tool = event.payload;
      // An Edit or a Write reads as the change it makes; anything else as its input.
      const patch = expanded ? toolCallPatch(tool.name, tool.input) : null;
      return (
        <Fold
          {...fold}
          summary={
            <>
              <strong className="tool-name">{tool.name}</strong>{" "}
              <code>{shortenPath(summarize(event), places)}</code>
            </>
          }
        >
          {patch !== null ? (
            <DiffView patch={patch} layout="unified" label={`${tool.name} ${summarize(event)}`} />
          ) : (
            <pre className="pre">{JSON.stringify(tool.input, null, 2)}</pre>
          )}
          {tool.truncated && <div className="muted">input truncated</div>}
        </Fold>
      );
    }
    case "tool_result": {
      const result = event.payload;
      return (
        <Fold {...fold} summary={summarize(event, toolName)}>
          <pre className="pre">{result.content || "(empty)"}</pre>
        </Fold>
      );
    }
    case "system": {
      const system = event.payload;
      return (
        <Fold
          {...fold}
          summary={
            <>
              {summarize(event)} {system.scripted && <ScriptedBadge mode="scripted" />}
            </>
          }
        >
          <pre className="pre">{JSON.stringify(system, null, 2)}</pre>
        </Fold>
      );
    }
    case "result": {
      const result = event.payload;
      if (!result.result) return <span>{summarize(event)}</span>;
      return (
        <Fold {...fold} summary={summarize(event)}>
          <div
            className="markdown"
            dangerouslySetInnerHTML={{ __html: renderMarkdown(result.result) }}
          />
        </Fold>
      );
    }
    case "stderr":
      return <code className="stderr">{summarize(event)}</code>;
    case "permission_changed":
      return (
        <Fold {...fold} summary={summarize(event)}>
          <RequestDetails request={event.payload} />
        </Fold>
      );
    default:
      return <span>{summarize(event)}</span>;
  }
}

/** Memoized: the virtual list re-renders on every new event; visible rows rarely change. */
export const EventRow = memo(function EventRow(props: Props) {
  const { event } = props;
  return (
    <div
      className={`log-row kind-${event.kind} tone-${toneOf(event)}`}
      data-log-row=""
      data-event-id={event.id}
      data-kind={event.kind}
    >
      <time className="log-time" dateTime={event.created_at}>
        {formatClock(event.created_at)}
      </time>
      <span className="log-kind">{KIND_LABELS[event.kind]}</span>
      <div className="log-body">
        <Body {...props} />
      </div>
    </div>
  );
});
