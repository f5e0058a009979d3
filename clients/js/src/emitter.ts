// The typed listener registry behind `on` (frames by type) and `onEvent` (protocol events).

/**
 * Listeners by name; `on` returns the unsubscribe. `emit` calls the listeners registered when it
 * starts, in order; one that throws is logged and never stops the others or the client.
 */
export class Emitter<Events> {
  private readonly listeners = new Map<keyof Events, Set<(event: any) => void>>();

  on<K extends keyof Events>(name: K, listener: (event: Events[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => {
      this.listeners.get(name)?.delete(listener);
    };
  }

  emit<K extends keyof Events>(name: K, event: Events[K]): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        listener(event);
      } catch (e) {
        console.error("gatehouse client: a listener threw", e);
      }
    }
  }
}
