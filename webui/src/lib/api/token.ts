/**
 * The orchestrator's bearer token. `make dev` prints the UI address with `#token=...`
 * (Jupyter style, but in the fragment: browsers never send it, so it reaches no server
 * log); the UI keeps it in localStorage and strips it from the address bar so it does
 * not linger in history or screenshots.
 */

const STORAGE_KEY = "pilothouse.token";

export type TokenState =
  { kind: "present"; token: string } | { kind: "missing" } | { kind: "rejected"; message: string };

type Listener = () => void;

/** Holds the token and whether the orchestrator has refused it; observable for React. */
export class TokenStore {
  private state: TokenState;
  private readonly listeners = new Set<Listener>();
  private readonly storage: Storage;

  constructor(storage: Storage) {
    this.storage = storage;
    const saved = storage.getItem(STORAGE_KEY);
    this.state = saved ? { kind: "present", token: saved } : { kind: "missing" };
  }

  /** Take `#token=` from the address, keep it, and remove it from the address bar;
   *  true when a token was taken (the caller checks it with the orchestrator). */
  captureFromUrl(loc: Location, hist: History): boolean {
    const url = new URL(loc.href);
    const fragment = new URLSearchParams(url.hash.replace(/^#/, ""));
    const token = fragment.get("token");
    if (token === null) return false;
    fragment.delete("token");
    const rest = fragment.toString();
    hist.replaceState(hist.state, "", url.pathname + url.search + (rest ? `#${rest}` : ""));
    if (!token.trim()) return false;
    this.set(token.trim());
    return true;
  }

  get snapshot(): TokenState {
    return this.state;
  }

  /** The token to send, or null when there is none. */
  get token(): string | null {
    return this.state.kind === "present" ? this.state.token : null;
  }

  set(token: string): void {
    this.storage.setItem(STORAGE_KEY, token);
    this.update({ kind: "present", token });
  }

  /** The orchestrator answered 401: forget the token and ask for a new one. */
  reject(message: string): void {
    this.storage.removeItem(STORAGE_KEY);
    this.update({ kind: "rejected", message });
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(state: TokenState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
