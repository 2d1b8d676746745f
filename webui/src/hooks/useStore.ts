import { useSyncExternalStore } from "react";
import type { Emitter } from "../lib/feed/emitter";

/** Re-render whenever `store` changes; returns its version. */
export function useStore(store: Emitter): number {
  return useSyncExternalStore(store.subscribe, store.getVersion);
}
