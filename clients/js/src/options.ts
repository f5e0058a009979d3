// The constructor's options checked, with their defaults (README's option table).
import type { Endpoint } from "./connection.js";
import type { ReconnectPolicy } from "./reconnect.js";
import type { GatehouseClientOptions, WebSocketConstructor } from "./types.js";

export interface Settings extends Endpoint, ReconnectPolicy {
  token: string | undefined;
  getToken: (() => Promise<string> | string) | undefined;
  minDelayMs: number;
  maxDelayMs: number;
  requestTimeoutMs: number;
  heartbeatMarginMs: number;
  maxHeldFrames: number;
  connectTimeoutMs: number;
}

/** The settings of the options; throws TypeError for options that cannot work. */
export function settingsOf(options: GatehouseClientOptions): Settings {
  if (!options || typeof options.url !== "string") {
    throw new TypeError("GatehouseClient: options.url (ws:// or wss://) is required");
  }
  if ((options.token === undefined) === (options.getToken === undefined)) {
    throw new TypeError("GatehouseClient: give exactly one of options.token and options.getToken");
  }
  const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!impl) {
    throw new TypeError("GatehouseClient: no global WebSocket here (Node 20): pass options.WebSocket, e.g. the 'ws' package");
  }
  const reconnect = options.reconnect || {};
  return {
    url: options.url,
    WebSocket: impl,
    tokenInHeader: options.tokenIn === "header",
    token: options.token,
    getToken: options.getToken,
    reconnects: options.reconnect !== false,
    shouldReconnect: reconnect.shouldReconnect,
    minDelayMs: positive(reconnect.minDelayMs ?? 500, "reconnect.minDelayMs"),
    maxDelayMs: positive(reconnect.maxDelayMs ?? 30_000, "reconnect.maxDelayMs"),
    requestTimeoutMs: positive(options.requestTimeoutMs ?? 10_000, "requestTimeoutMs"),
    heartbeatMarginMs: positive(options.heartbeatMarginMs ?? 10_000, "heartbeatMarginMs"),
    maxHeldFrames: positive(options.maxHeldFrames ?? 100, "maxHeldFrames"),
    connectTimeoutMs: positive(options.connectTimeoutMs ?? 15_000, "connectTimeoutMs"),
  };
}

function positive(value: number, name: string): number {
  if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) {
    throw new TypeError(`GatehouseClient: ${name} must be a positive number, got ${value}`);
  }
  return value;
}
