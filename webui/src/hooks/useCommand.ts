import { useCallback, useState } from "react";

export interface CommandState {
  pending: boolean;
  /** The server's message for the last failed try; cleared when the next one starts. */
  error: string | null;
  /** Run a command, tracking pending and error; resolves to its answer or undefined. */
  run: <T>(command: () => Promise<T>) => Promise<T | undefined>;
}

/** Pending/error bookkeeping for anything that sends a command. */
export function useCommand(): CommandState {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T>(command: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await command();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, run };
}
