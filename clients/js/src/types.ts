import type { GatehouseError } from "./errors.js";
import type { RecoveryReason } from "./protocol.js";

/** The least of a WebSocket this client needs: the browser's, or `ws` in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: the browser's global one, or `ws`'s (the third argument is `ws`'s options). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[], options?: any) => WebSocketLike;

/** The client's state. `idle` until `connect()`; `closed` after `close()` or once it stopped. */
export type ClientState = "idle" | "connecting" | "ready" | "reconnecting" | "closed";

/** A frame received from the server. */
export interface Frame {
  type: string;
  /** The payload, `{}` when the frame has none. */
  data: Record<string, any>;
  id?: string;
  /** The `id` of the client frame this answers. */
  replyTo?: string;
  /** Seconds since the epoch. */
  timestamp?: number;
  /** The room a frame sent to a room with history came from (PROTOCOL §3.6), with `epoch` and `offset`. */
  room?: string;
  /** The user whose stream a direct frame with history belongs to (PROTOCOL §3.6), with `epoch` and `offset`. */
  user?: string;
  /** The history's epoch of a frame with a position (PROTOCOL §3.6). */
  epoch?: string;
  /** The frame's offset in its room's (or user's) stream within the epoch: 1, 2, 3, … (PROTOCOL §3.6). */
  offset?: number;
  /** The frame as received. */
  text: string;
}

/**
 * Where a client stands in a room's (or its user's) history: the `epoch` and `offset` of the last
 * frame received from it, or of the last `room_recovery` event (PROTOCOL §3.6).
 */
export interface StreamPosition {
  epoch: string;
  offset: number;
}

/**
 * A `room_recovery` event (PROTOCOL §3.6): after a reconnect, or while connected when the server
 * could not fill a gap. With `recovered: true` every missed frame came before it, in order
 * (`replayed` of them). With `recovered: false` none was replayed: frames were lost for this
 * client, and the application must reload what it shows of the room from its own source (its
 * database, an application request) before trusting it again; `reason` says why.
 */
export interface RoomRecovery {
  /** The room (the frames' top-level `room`); absent for the user's stream. */
  room?: string;
  /** The user whose direct stream this is; absent for a room. */
  user?: string;
  recovered: boolean;
  /** With `recovered: false`: `epoch_changed`, `too_far_behind`, `expired`, `unavailable` (or a newer reason). */
  reason?: RecoveryReason | string;
  /** How many missed frames were sent before the event. */
  replayed: number;
  /**
   * The position reached once the event arrived: every later frame of the stream has a greater
   * offset. Both absent when the server did not know it (its history could not be read): the
   * client then holds no position for the stream and takes the next frame's.
   */
  epoch?: string;
  offset?: number;
}

/** A member of a room as `room_members` lists it (PROTOCOL §4): one entry per connection. */
export interface RoomMember {
  userId: string;
  connectionId: string;
}

/** The welcome (`connection_established`, PROTOCOL §3.1). */
export interface Welcome {
  connectionId: string;
  userId: string;
  tokenExpiresAt: Date | undefined;
  heartbeatIntervalSeconds: number;
  maxMessageSizeBytes: number;
  /** The server keeps history (`config.recovery`, PROTOCOL §3.1, §3.6): the client states its positions after every welcome. */
  recovery: boolean;
  protocolVersion: number;
  serverTime: Date;
  /** The welcome's `data` as received. */
  data: Record<string, any>;
}

/** How a connection ended. */
export interface CloseInfo {
  code: number;
  reason: string;
  /** True when the server (or the network) ended it; false for `close()`, heartbeat silence, going offline. */
  remote: boolean;
  /** Whether the client will reconnect. */
  willReconnect: boolean;
  /** The HTTP status of a refused handshake, where the platform can read it (Node `ws`). */
  httpStatus?: number;
}

/** A presence event (PROTOCOL §3.5). */
export interface PresenceEvent {
  room: string;
  userId: string;
  connectionId: string;
}

/** The protocol events of `onEvent`. */
export interface GatehouseEvents {
  /** Every welcome: the first and each reconnect's. */
  welcome: Welcome;
  session_expiring: { expiresAt: Date; secondsLeft: number };
  token_refreshed: { expiresAt: Date };
  /** Every `error_message` (also those answering a request), and client-side failures (`CLIENT_*` codes). */
  error: GatehouseError;
  close: CloseInfo;
  reconnecting: { attempt: number; delayMs: number };
  /** The client gave up and stays closed (not sent for the application's own `close()`). */
  stopped: { reason: string; errorCode?: string; close?: CloseInfo };
  member_joined: PresenceEvent;
  member_left: PresenceEvent;
  /**
   * A `room_recovery` event (PROTOCOL §3.6), for a room or the user's stream. On `recovered: false`
   * the application reloads the room's state from its own source.
   */
  room_recovery: RoomRecovery;
  state: ClientState;
  /**
   * Every frame received, in order, before any other listener sees it; except a frame of a room (or
   * user stream) with history whose offset the client already holds, which it drops as a duplicate.
   */
  frame: Frame;
}

/** Reconnect settings (full-jitter exponential backoff). */
export interface ReconnectOptions {
  /** Base delay, default 500 ms. */
  minDelayMs?: number;
  /** Cap, default 30 000 ms. */
  maxDelayMs?: number;
  /**
   * The application's policy for a close the server initiated: return true or false to decide,
   * undefined to keep the client's rule (see the README's table).
   */
  shouldReconnect?: (close: { code: number; reason: string }) => boolean | undefined;
}

/** Options of `new GatehouseClient(...)`. */
export interface GatehouseClientOptions {
  /** `ws(s)://host:port/ws`. */
  url: string;
  /** A fixed token. */
  token?: string;
  /** Called before every connect and on `session_expiring`. */
  getToken?: () => Promise<string> | string;
  /** The WebSocket constructor; defaults to the global one (browsers, Node 22+). */
  WebSocket?: WebSocketConstructor;
  /** Where the token goes: a `bearer.<jwt>` subprotocol entry (default) or an `Authorization` header (Node `ws` only). */
  tokenIn?: "subprotocol" | "header";
  /** Reconnect settings, or false never to reconnect. */
  reconnect?: ReconnectOptions | false;
  /** Default timeout of `request`, 10 000 ms. */
  requestTimeoutMs?: number;
  /** Silence beyond the heartbeat interval after which the server counts as dead, 10 000 ms. */
  heartbeatMarginMs?: number;
  /** Frames held before a welcome, 100. */
  maxHeldFrames?: number;
  /** Time from opening a socket to its welcome before the attempt is dropped, 15 000 ms. */
  connectTimeoutMs?: number;
}
