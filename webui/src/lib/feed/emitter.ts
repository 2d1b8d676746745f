/** A version counter with listeners: the shape React's useSyncExternalStore wants. */
export class Emitter {
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change; React re-renders when it differs. */
  version = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  protected changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
