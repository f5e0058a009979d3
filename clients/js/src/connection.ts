// One socket and what is known about it: opening it with the token (PROTOCOL §1.1), reading the
// HTTP status of a refused upgrade where the platform allows (§1.3), and ending it from our side.
import { Deferred } from "./deferred.js";
import { BEARER_PREFIX, CloseCodes, SUBPROTOCOL } from "./protocol.js";
import type { WebSocketConstructor, WebSocketLike } from "./types.js";

/** WebSocket.OPEN. */
export const OPEN = 1;

/** One socket and what happened to it. */
export interface Connection {
  socket: WebSocketLike;
  token: string;
  opened: boolean;
  welcomed: boolean;
  /** Set once the client is through with it (closed by either side, or given up): no further frames or closes count. */
  done: boolean;
  httpStatus?: number;
  retryAfterMs?: number;
  /** Resolved by the socket's close event. */
  closed: Deferred<void>;
}

/** Where and how to connect. */
export interface Endpoint {
  url: string;
  WebSocket: WebSocketConstructor;
  tokenInHeader: boolean;
}

/** Node `ws`'s extras, when present. */
type NodeSocket = WebSocketLike & {
  on?: (event: string, listener: (...args: any[]) => void) => void;
  terminate?: () => void;
};

/**
 * Opens a socket offering the token; throws what the WebSocket constructor throws. `onText` gets
 * each text frame until the connection is done; `onClose` the first close of a connection not yet done.
 */
export function openConnection(endpoint: Endpoint, token: string,
    onText: (text: string) => void, onClose: (code: number, reason: string) => void): Connection {
  const protocols = endpoint.tokenInHeader ? [SUBPROTOCOL] : [SUBPROTOCOL, BEARER_PREFIX + token];
  const socket = endpoint.tokenInHeader
    ? new endpoint.WebSocket(endpoint.url, protocols, { headers: { Authorization: "Bearer " + token } })
    : new endpoint.WebSocket(endpoint.url, protocols);
  const connection: Connection = { socket, token, opened: false, welcomed: false, done: false, closed: new Deferred<void>() };
  watchRefusal(connection);
  socket.onopen = () => {
    connection.opened = true;
  };
  socket.onmessage = (event: { data: unknown }) => {
    if (!connection.done && typeof event.data === "string") {
      onText(event.data);
    }
  };
  socket.onerror = (event: { message?: string; error?: { message?: string } }) => {
    const text = event?.message ?? event?.error?.message ?? "";
    const status = /Unexpected server response: (\d{3})/.exec(text);
    if (status && connection.httpStatus === undefined) {
      connection.httpStatus = Number(status[1]);
    }
  };
  socket.onclose = (event: { code?: number; reason?: string }) => {
    connection.closed.resolve();
    if (!connection.done) {
      connection.done = true;
      onClose(event.code ?? CloseCodes.ABNORMAL, event.reason ?? "");
    }
  };
  return connection;
}

/** Node `ws`: the HTTP status (and Retry-After) of a refused upgrade. */
function watchRefusal(connection: Connection): void {
  const socket = connection.socket as NodeSocket;
  if (typeof socket.on !== "function") {
    return;
  }
  socket.on("unexpected-response", (_request: unknown, response: { statusCode?: number; headers?: Record<string, unknown>; resume?: () => void }) => {
    connection.httpStatus = response.statusCode;
    const retryAfter = Number(response.headers?.["retry-after"]);
    if (Number.isFinite(retryAfter) && retryAfter > 0) {
      connection.retryAfterMs = retryAfter * 1000;
    }
    response.resume?.();
    if (socket.terminate) {
      socket.terminate();
    } else {
      socket.close();
    }
  });
}

/**
 * The application's close: sends the close frame and resolves once the socket closed, or after
 * 3 s at the latest. The connection is done at once.
 */
export function closeConnection(connection: Connection, code: number, reason: string): Promise<void> {
  connection.done = true;
  try {
    connection.socket.close(code, reason);
  } catch {
    connection.socket.close();
  }
  const timeout = new Promise<void>(resolve => {
    const timer: any = setTimeout(resolve, 3000);
    timer.unref?.();
  });
  return Promise.race([connection.closed.promise, timeout]);
}

/** Gives a socket up without waiting for the server (silence, connect timeout, offline); false if it was already done. */
export function abandon(connection: Connection, reason: string): boolean {
  if (connection.done) {
    return false;
  }
  connection.done = true;
  const socket = connection.socket as NodeSocket;
  try {
    if (socket.terminate) {
      socket.terminate();
    } else {
      socket.close(CloseCodes.NORMAL, reason);
    }
  } catch {
    // the socket is being given up either way
  }
  return true;
}
