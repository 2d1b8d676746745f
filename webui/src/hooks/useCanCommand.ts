/** Whether this page may send commands: it holds an access token (else it is read-only). */

import { useSyncExternalStore } from "react";
import { useServices } from "./useServices";

export function useCanCommand(): boolean {
  const { tokens } = useServices();
  return useSyncExternalStore(tokens.subscribe, () => tokens.token !== null);
}
