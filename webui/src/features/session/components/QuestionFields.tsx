/** A question request's questions, each with its options to pick and a box for own words. */

import type { AgentQuestion } from "../utils/permissions";

interface Props {
  requestId: number;
  questions: AgentQuestion[];
  chosen: Record<string, string[]>;
  typed: Record<string, string>;
  onChoose: (question: string, labels: string[]) => void;
  onType: (question: string, words: string) => void;
  disabled: boolean;
}

export function QuestionFields(props: Props) {
  const { requestId, questions, chosen, typed, onChoose, onType, disabled } = props;
  return (
    <div className="request-questions">
      {questions.map((q, index) => {
        const picked = chosen[q.question] ?? [];
        const name = `request-${requestId}-q${index}`;
        const pick = (label: string, on: boolean) =>
          onChoose(
            q.question,
            q.multiSelect ? (on ? [...picked, label] : picked.filter((l) => l !== label)) : [label],
          );
        return (
          <fieldset key={q.question || index} className="request-question" disabled={disabled}>
            <legend>
              {q.header && <span className="badge badge-neutral">{q.header}</span>} {q.question}
            </legend>
            {q.options.map((option) => (
              <label key={option.label} className="request-option">
                <input
                  type={q.multiSelect ? "checkbox" : "radio"}
                  name={name}
                  checked={picked.includes(option.label)}
                  onChange={(e) => pick(option.label, e.target.checked)}
                />
                <span>{option.label}</span>
                {option.description && <span className="muted"> — {option.description}</span>}
              </label>
            ))}
            <label className="request-own">
              <span className="muted">
                {q.options.length ? "Or in your own words" : "Your answer"}
              </span>
              <input
                type="text"
                value={typed[q.question] ?? ""}
                onChange={(e) => onType(q.question, e.target.value)}
                aria-label={`Answer to: ${q.question}`}
              />
            </label>
          </fieldset>
        );
      })}
    </div>
  );
}
