/**
 * A button that sends a command: disabled and labelled while pending, and showing the
 * server's error beside it when the command fails, until the next try.
 */

import type { ReactNode } from "react";
import { useCommand } from "../hooks/useCommand";

interface CommandButtonProps {
  run: () => Promise<unknown>;
  children: ReactNode;
  pendingLabel?: string;
  tone?: "primary" | "danger" | "plain";
  disabled?: boolean;
  title?: string;
  /** Called with the command's answer after success. */
  onDone?: (value: unknown) => void;
}

export function CommandButton(props: CommandButtonProps) {
  const { run, children, pendingLabel, tone = "plain", disabled, title, onDone } = props;
  const { pending, error, run: send } = useCommand();

  const click = async () => {
    let ok = false;
    const value = await send(async () => {
      const answer = await run();
      ok = true;
      return answer;
    });
    if (ok) onDone?.(value);
  };

  return (
    <span className="command">
      <button
        type="button"
        className={`button button-${tone}`}
        onClick={() => void click()}
        disabled={disabled || pending}
        title={title}
        aria-busy={pending}
      >
        {pending ? (pendingLabel ?? "Sending…") : children}
      </button>
      {error && (
        <span className="command-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
