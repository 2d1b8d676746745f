import { useNow } from "../hooks/useNow";
import { formatAge } from "../lib/format";

/** "3 min ago", refreshed as time passes; the exact time in the tooltip. */
export function Age({ at }: { at: string }) {
  const now = useNow();
  return (
    <time dateTime={at} title={new Date(at).toLocaleString()}>
      {formatAge(at, now)}
    </time>
  );
}
