import { useEffect, useState } from "react";

export type Loadable<T> =
  { state: "loading" } | { state: "done"; value: T } | { state: "failed"; error: Error };

/** Run `load` when `key` changes; a newer run wins over a slower older one. */
export function useLoad<T>(load: () => Promise<T>, key: string): [Loadable<T>, () => void] {
  const [result, setResult] = useState<Loadable<T>>({ state: "loading" });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setResult({ state: "done", value }),
      (error: unknown) =>
        current &&
        setResult({
          state: "failed",
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    return () => {
      current = false;
    };
    // `load` is re-created every render; `key` says when it really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  return [result, () => setGeneration((g) => g + 1)];
}
