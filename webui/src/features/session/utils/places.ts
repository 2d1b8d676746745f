/**
 * Paths as the log shows them: inside the session's worktree or project relative to it,
 * inside its artifact directory as `artifacts/…` — as the CLI shows them — so a row
 * reads `Write hello.py`, not a 90-character absolute path.
 */

import { createContext } from "react";

/** A directory and the label that stands for it ("" for none: the path shown relative). */
export type Place = readonly [directory: string, label: string];

export function shortenPath(path: string, places: readonly Place[]): string {
  for (const [directory, label] of places) {
    const base = directory.replace(/\/+$/, "");
    if (!base || !path.startsWith(`${base}/`)) continue;
    const rest = path.slice(base.length + 1);
    return label ? `${label}/${rest}` : rest;
  }
  return path;
}

/** The places of the session on show; its page provides them to the log's rows. */
export const PlacesContext = createContext<readonly Place[]>([]);
