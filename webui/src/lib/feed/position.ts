/**
 * Feed positions. A token is `<xid>-<id>` (shared/cursor.py) and the feed is ordered by
 * `(xid, id)`. The UI never builds tokens; it only compares them, to keep merged lists
 * in feed order and to tell whether an event is newer than a snapshot.
 */

export interface Position {
  xid: bigint;
  id: bigint;
}

const TOKEN_RE = /^(\d+)-(\d+)$/;

/** Parse a token; throws on anything that is not `<xid>-<id>`. */
export function parseToken(token: string): Position {
  const match = TOKEN_RE.exec(token);
  if (!match) throw new Error(`invalid feed token ${JSON.stringify(token.slice(0, 40))}`);
  return { xid: BigInt(match[1]), id: BigInt(match[2]) };
}

/** Negative if a is before b, zero if equal, positive if after. */
export function compareTokens(a: string, b: string): number {
  const pa = parseToken(a);
  const pb = parseToken(b);
  if (pa.xid !== pb.xid) return pa.xid < pb.xid ? -1 : 1;
  if (pa.id !== pb.id) return pa.id < pb.id ? -1 : 1;
  return 0;
}

/** The later of two tokens (either may be null). */
export function laterToken(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareTokens(a, b) >= 0 ? a : b;
}
