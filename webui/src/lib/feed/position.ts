/**
 * Feed positions. A token is an event's position in the feed, as a decimal string
 * (shared/contract/cursor.py); the point it names is right after that event. The UI
 * never builds tokens; it only compares them, to keep merged lists in feed order and to
 * tell whether an event is newer than a snapshot. Positions are 64-bit, so they are
 * compared as bigints.
 */

const TOKEN_RE = /^\d{1,19}$/;

/** Parse a token; throws on anything that is not a position. */
export function parseToken(token: string): bigint {
  if (!TOKEN_RE.test(token))
    throw new Error(`invalid feed token ${JSON.stringify(token.slice(0, 40))}`);
  return BigInt(token);
}

/** Negative if a is before b, zero if equal, positive if after. */
export function compareTokens(a: string, b: string): number {
  const pa = parseToken(a);
  const pb = parseToken(b);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return 0;
}

/** The later of two tokens (either may be null). */
export function laterToken(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareTokens(a, b) >= 0 ? a : b;
}
