/** Reconnect delays: exponential with a cap, jittered so many tabs do not return in step. */

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, capMs: 8000 };

/**
 * Delay before reconnect attempt `attempt` (0 = first retry): a random point in the upper
 * half of `min(cap, base * 2^attempt)`, so it grows but never collapses to zero.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
