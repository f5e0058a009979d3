// A WebSocket stand-in for unit tests of the client's decisions (no server): each instance is
// recorded, and the test plays the server's part.
import type { WebSocketLike } from "@gatehouse/client";

export class FakeSocket implements WebSocketLike {
  static readonly instances: FakeSocket[] = [];
  readyState = 0;
  protocol = "";
  onopen: ((event: any) => void) | null = null;
  onmessage: ((event: any) => void) | null = null;
  onclose: ((event: any) => void) | null = null;
  onerror: ((event: any) => void) | null = null;
  readonly sent: string[] = [];

  constructor(readonly url: string, readonly protocols?: string | string[]) {
    FakeSocket.instances.push(this);
  }

  static last(): FakeSocket {
    return FakeSocket.instances[FakeSocket.instances.length - 1];
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }

  /** The server accepts and welcomes; `config` adds to the welcome's config (e.g. `recovery: true`). */
  welcome(connectionId = "ws_fake", heartbeatIntervalSeconds = 0, config: Record<string, unknown> = {}): void {
    this.readyState = 1;
    this.protocol = "gatehouse.v1";
    this.onopen?.({});
    this.message({ type: "system_message", data: {
      event: "connection_established", connection_id: connectionId, user_id: "alice", connection_ready: true,
      server_time: new Date().toISOString(), protocol_version: 1,
      config: { heartbeat_interval_seconds: heartbeatIntervalSeconds, max_message_size_bytes: 65536, ...config } } });
  }

  message(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** The server (or the network) closes. */
  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** A handshake that fails before open, its status unreadable (as in a browser). */
  refuse(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006, reason: "" });
  }
}

/** An unsigned JWT-shaped token with the given exp (seconds); the client reads exp unverified. */
export function tokenExpiringAt(expSeconds: number, sub = "alice"): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "HS256" })}.${part({ sub, exp: expSeconds })}.c2ln`;
}
