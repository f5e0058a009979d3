// The browser's view of the network (`navigator.onLine` and the `online` / `offline` events);
// elsewhere (Node) the client counts as always online.

/** True only where the platform says it is offline. */
export function isOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

/** Adds (or, with on false, removes) the listeners of the window's `online` and `offline` events, where there are any. */
export function watchNetwork(on: boolean, online: () => void, offline: () => void): void {
  const target = globalThis as { addEventListener?: Function; removeEventListener?: Function };
  if (typeof target.addEventListener !== "function" || typeof navigator === "undefined" || typeof navigator.onLine !== "boolean") {
    return;
  }
  const method = (on ? target.addEventListener : target.removeEventListener)!;
  method.call(globalThis, "online", online);
  method.call(globalThis, "offline", offline);
}
