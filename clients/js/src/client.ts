import { fullJitterDelay } from "./backoff.js";
import { ConnectionClosedError, GatehouseError, HeldFramesFullError, RequestTimeoutError } from "./errors.js";
import { tokenExpiry } from "./jwt.js";
import { BEARER_PREFIX, CloseCodes, FRAME_TYPE_PATTERN, FrameTypes, SUBPROTOCOL } from "./protocol.js";
import type {
  ClientState, CloseInfo, Frame, GatehouseClientOptions, GatehouseEvents, PresenceEvent, WebSocketConstructor,
  WebSocketLike, Welcome,
} from "./types.js";

const TOKEN_REASONS = new Set(["TOKEN_EXPIRED", "INVALID_TOKEN", "NO_TOKEN"]);
const TRY_LATER_REASONS = new Set(["SERVICE_UNAVAILABLE", "CONNECTION_LIMIT", "SLOW_CONSUMER"]);
const OPEN = 1;

/** A settable promise; rejections nobody awaits are not reported as unhandled. */
class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  settled = false;
  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = v => { this.settled = true; resolve(v); };
      this.reject = e => { this.settled = true; reject(e); };
    });
    this.promise.catch(() => undefined);
  }
}

interface Pending {
  type: string;
  resolve: (frame: Frame) => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
  /** The connection the frame went out on; undefined while it is held. */
  sentOn?: Connection;
}

interface RoomEntry {
  type: string;
  data: Record<string, unknown>;
  /** A join asked for while no connection was ready: answered at the next welcome. */
  waiting?: Deferred<Frame>;
}

/** One socket and what happened to it. */
interface Connection {
  socket: WebSocketLike;
  token: string;
  opened: boolean;
  welcomed: boolean;
  done: boolean;
  httpStatus?: number;
  retryAfterMs?: number;
  closed: Deferred<void>;
}

type Kind = "normal" | "later";

/**
 * A client of the Gatehouse protocol (docs/PROTOCOL.md) for browsers and Node 20+: token as a
 * subprotocol entry or header, in-band token refresh, held frames, request/reply, reconnect by
 * close code with full-jitter backoff, heartbeat, rooms re-joined after a reconnect.
 */
export class GatehouseClient {
  private readonly url: string;
  private readonly fixedToken: string | undefined;
  private readonly getToken: (() => Promise<string> | string) | undefined;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly tokenInHeader: boolean;
  private readonly reconnects: boolean;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly shouldReconnect: ((c: { code: number; reason: string }) => boolean | undefined) | undefined;
  private readonly requestTimeoutMs: number;
  private readonly heartbeatMarginMs: number;
  private readonly maxHeldFrames: number;
  private readonly connectTimeoutMs: number;

  private currentState: ClientState = "idle";
  private connection: Connection | undefined;
  private currentWelcome: Welcome | undefined;
  private expiresAt: Date | undefined;
  private readyDeferred = new Deferred<Welcome>();
  private attempt = 0;
  /** A token the token source gave after a refusal, for the next connect. */
  private preparedToken: string | undefined;
  private nextId = 1;
  private readonly held: string[] = [];
  private readonly heldRequests = new Set<Pending>();
  private readonly pending = new Map<string, Pending>();
  private readonly joined = new Map<string, RoomEntry>();
  private readonly frameListeners = new Map<string, Set<(frame: Frame) => void>>();
  private readonly eventListeners = new Map<string, Set<(event: any) => void>>();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private waitingForOnline = false;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private lastReceived = 0;
  private readonly onOnline = () => this.online();
  private readonly onOffline = () => this.offline();

  constructor(options: GatehouseClientOptions) {
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
    this.url = options.url;
    this.fixedToken = options.token;
    this.getToken = options.getToken;
    this.WebSocketImpl = impl;
    this.tokenInHeader = options.tokenIn === "header";
    this.reconnects = options.reconnect !== false;
    const reconnect = options.reconnect || {};
    this.minDelayMs = positive(reconnect.minDelayMs ?? 500, "reconnect.minDelayMs");
    this.maxDelayMs = positive(reconnect.maxDelayMs ?? 30_000, "reconnect.maxDelayMs");
    this.shouldReconnect = reconnect.shouldReconnect;
    this.requestTimeoutMs = positive(options.requestTimeoutMs ?? 10_000, "requestTimeoutMs");
    this.heartbeatMarginMs = positive(options.heartbeatMarginMs ?? 10_000, "heartbeatMarginMs");
    this.maxHeldFrames = positive(options.maxHeldFrames ?? 100, "maxHeldFrames");
    this.connectTimeoutMs = positive(options.connectTimeoutMs ?? 15_000, "connectTimeoutMs");
  }

  /** The current state. */
  get state(): ClientState {
    return this.currentState;
  }

  /** The current (or, while reconnecting, the next) welcome; rejects if the client closes or stops first. */
  get ready(): Promise<Welcome> {
    return this.readyDeferred.promise;
  }

  /** The last welcome, undefined before the first. */
  get welcome(): Welcome | undefined {
    return this.currentWelcome;
  }

  /** The subprotocol the server selected on the current connection (`gatehouse.v1`), empty when none is open. */
  get protocol(): string {
    return this.connection?.opened ? this.connection.socket.protocol : "";
  }

  /** The session's expiry: the welcome's, then each `token_refreshed`'s. */
  get tokenExpiresAt(): Date | undefined {
    return this.expiresAt;
  }

  /** Opens the connection (again, after `close()`); resolves with the first welcome. */
  connect(): Promise<Welcome> {
    if (this.currentState === "idle" || this.currentState === "closed") {
      if (this.readyDeferred.settled) {
        this.readyDeferred = new Deferred<Welcome>();
      }
      this.attempt = 0;
      this.listenToNetwork(true);
      this.setState("connecting");
      if (isOffline()) {
        this.waitingForOnline = true;
      } else {
        void this.open();
      }
    }
    return this.ready;
  }

  /**
   * Sends a frame; before the welcome (or while reconnecting) it is held and sent, in order, after
   * the next one. Throws HeldFramesFullError beyond the bound, ConnectionClosedError once closed.
   */
  send(type: string, data?: Record<string, unknown>): void {
    this.transmit(this.encode(type, data, undefined));
  }

  /**
   * Sends a frame with a fresh id and resolves with the first frame answering it; rejects with
   * GatehouseError for an `error_message`, RequestTimeoutError, or ConnectionClosedError when its
   * connection closes first (requests are never sent again).
   */
  request(type: string, data?: Record<string, unknown>, options: { timeoutMs?: number } = {}): Promise<Frame> {
    const id = String(this.nextId++);
    const text = this.encode(type, data, id);
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    return new Promise<Frame>((resolve, reject) => {
      const entry: Pending = {
        type, resolve, reject,
        timer: setTimeout(() => {
          this.pending.delete(id);
          this.heldRequests.delete(entry);
          reject(new RequestTimeoutError(type, id, timeoutMs));
        }, timeoutMs),
      };
      try {
        const sentOn = this.transmit(text);
        this.pending.set(id, entry);
        if (sentOn) {
          entry.sentOn = sentOn;
        } else {
          this.heldRequests.add(entry);
        }
      } catch (e) {
        clearTimeout(entry.timer);
        reject(e);
      }
    });
  }

  /** Listens to application frames of one type (every frame of it, replies included); returns the unsubscribe. */
  on(type: string, listener: (frame: Frame) => void): () => void {
    return subscribe(this.frameListeners, type, listener);
  }

  /** Listens to a protocol event; returns the unsubscribe. */
  onEvent<K extends keyof GatehouseEvents>(name: K, listener: (event: GatehouseEvents[K]) => void): () => void {
    return subscribe(this.eventListeners, name, listener);
  }

  /**
   * Joins a room by the application's join frame (default `chat.join {room}`) and remembers it: after
   * every reconnect's welcome it is sent again, before held frames. Resolves with the answer; a
   * refused join is forgotten.
   */
  joinRoom(room: string, options: { type?: string; data?: Record<string, unknown> } = {}): Promise<Frame> {
    this.checkOpen();
    const entry: RoomEntry = { type: options.type ?? "chat.join", data: options.data ?? { room } };
    this.encode(entry.type, entry.data, "0");
    this.joined.set(room, entry);
    if (this.currentState === "ready") {
      return this.sendJoin(room, entry);
    }
    entry.waiting = new Deferred<Frame>();
    return entry.waiting.promise;
  }

  /** Forgets a room; sends the leave frame when one is given and resolves with its answer. */
  leaveRoom(room: string, options: { type?: string; data?: Record<string, unknown> } = {}): Promise<Frame | undefined> {
    const entry = this.joined.get(room);
    this.joined.delete(room);
    entry?.waiting?.reject(new ConnectionClosedError(`left room ${room} before joining it`));
    if (options.type === undefined) {
      return Promise.resolve(undefined);
    }
    return this.request(options.type, options.data ?? { room });
  }

  /** The rooms remembered for re-joining. */
  rooms(): string[] {
    return [...this.joined.keys()];
  }

  /**
   * Closes and stays closed: pending and held requests reject, held frames are dropped. Resolves
   * once the socket is closed (at most a few seconds).
   */
  close(code: number = CloseCodes.NORMAL, reason = ""): Promise<void> {
    const connection = this.connection;
    this.shutDown(new ConnectionClosedError("the client was closed", code, reason));
    if (connection && !connection.done) {
      connection.done = true;
      try {
        connection.socket.close(code, reason);
      } catch {
        connection.socket.close();
      }
      this.emit("close", { code, reason, remote: false, willReconnect: false });
      const timeout = new Promise<void>(resolve => {
        const timer: any = setTimeout(resolve, 3000);
        timer.unref?.();
      });
      return Promise.race([connection.closed.promise, timeout]);
    }
    return Promise.resolve();
  }

  // --- connecting

  private async open(): Promise<void> {
    let token: string;
    try {
      token = await this.nextToken();
    } catch (e) {
      if (this.currentState === "closed") {
        return;
      }
      this.emit("error", new GatehouseError("CLIENT_TOKEN_SOURCE_FAILED", `the token source failed: ${message(e)}`, { retryable: true }));
      this.scheduleReconnect("normal");
      return;
    }
    if (this.currentState === "closed" || this.connection) {
      return;
    }
    const protocols = this.tokenInHeader ? [SUBPROTOCOL] : [SUBPROTOCOL, BEARER_PREFIX + token];
    const options = this.tokenInHeader ? { headers: { Authorization: "Bearer " + token } } : undefined;
    let socket: WebSocketLike;
    try {
      socket = options ? new this.WebSocketImpl(this.url, protocols, options) : new this.WebSocketImpl(this.url, protocols);
    } catch (e) {
      this.shutDown(new ConnectionClosedError(`cannot open ${this.url}: ${message(e)}`));
      this.emit("stopped", { reason: `cannot open ${this.url}: ${message(e)}` });
      return;
    }
    const connection: Connection = { socket, token, opened: false, welcomed: false, done: false, closed: new Deferred<void>() };
    this.connection = connection;
    this.watchRefusal(connection);
    socket.onopen = () => {
      connection.opened = true;
    };
    socket.onmessage = (event: { data: unknown }) => {
      if (!connection.done && typeof event.data === "string") {
        this.receive(connection, event.data);
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
        this.closed(connection, event.code ?? CloseCodes.ABNORMAL, event.reason ?? "", true);
      }
    };
    this.connectTimer = setTimeout(() => this.drop(connection, "CONNECT_TIMEOUT"), this.connectTimeoutMs);
  }

  /** Node `ws`: the HTTP status (and Retry-After) of a refused upgrade. */
  private watchRefusal(connection: Connection): void {
    const socket = connection.socket as WebSocketLike & {
      on?: (event: string, listener: (...args: any[]) => void) => void; terminate?: () => void;
    };
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

  private async nextToken(): Promise<string> {
    if (this.preparedToken !== undefined) {
      const token = this.preparedToken;
      this.preparedToken = undefined;
      return token;
    }
    return this.fixedToken ?? String(await this.getToken!());
  }

  // --- receiving

  private receive(connection: Connection, text: string): void {
    this.lastReceived = Date.now();
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (parsed === null || typeof parsed !== "object" || typeof parsed.type !== "string") {
      return;
    }
    const frame: Frame = {
      type: parsed.type,
      data: parsed.data && typeof parsed.data === "object" ? parsed.data : {},
      text,
    };
    if (typeof parsed.id === "string") frame.id = parsed.id;
    if (typeof parsed.reply_to === "string") frame.replyTo = parsed.reply_to;
    if (typeof parsed.timestamp === "number") frame.timestamp = parsed.timestamp;
    this.emit("frame", frame);
    if (frame.type === FrameTypes.SYSTEM_MESSAGE && frame.data.event === "connection_established" && !connection.welcomed) {
      this.welcomed(connection, frame);
      return;
    }
    this.answer(frame);
    if (frame.type === FrameTypes.ERROR_MESSAGE) {
      this.emit("error", errorOf(frame));
    } else if (frame.type === FrameTypes.SYSTEM_MESSAGE) {
      this.systemEvent(connection, frame.data);
    }
    for (const listener of [...(this.frameListeners.get(frame.type) ?? [])]) {
      this.call(listener, frame);
    }
  }

  private answer(frame: Frame): void {
    const pending = frame.replyTo === undefined ? undefined : this.pending.get(frame.replyTo);
    if (!pending) {
      return;
    }
    this.pending.delete(frame.replyTo!);
    clearTimeout(pending.timer);
    if (frame.type === FrameTypes.ERROR_MESSAGE) {
      pending.reject(errorOf(frame));
    } else {
      pending.resolve(frame);
    }
  }

  private welcomed(connection: Connection, frame: Frame): void {
    clearTimeout(this.connectTimer);
    connection.welcomed = true;
    const d = frame.data;
    const welcome: Welcome = {
      connectionId: String(d.connection_id ?? ""),
      userId: String(d.user_id ?? ""),
      tokenExpiresAt: d.token_expires_at ? new Date(d.token_expires_at) : undefined,
      heartbeatIntervalSeconds: Number(d.config?.heartbeat_interval_seconds ?? 0),
      maxMessageSizeBytes: Number(d.config?.max_message_size_bytes ?? 0),
      protocolVersion: Number(d.protocol_version ?? 0),
      serverTime: new Date(d.server_time ?? Date.now()),
      data: d,
    };
    this.currentWelcome = welcome;
    this.expiresAt = welcome.tokenExpiresAt;
    this.attempt = 0;
    this.startHeartbeat(connection, welcome.heartbeatIntervalSeconds);
    this.setState("ready");
    this.readyDeferred.resolve(welcome);
    this.emit("welcome", welcome);
    for (const [room, entry] of this.joined) {
      if (this.connection !== connection) {
        return;
      }
      const waiting = entry.waiting;
      entry.waiting = undefined;
      const answered = this.sendJoin(room, entry);
      if (waiting) {
        answered.then(waiting.resolve, waiting.reject);
      } else {
        answered.catch(e => {
          if (e instanceof GatehouseError) {
            this.emit("error", new GatehouseError(e.errorCode, `re-joining room ${room} failed: ${e.message}`,
              { retryable: e.retryable, details: e.details, replyTo: e.replyTo, room }));
          } else if (!(e instanceof ConnectionClosedError)) {
            this.emit("error", new GatehouseError("CLIENT_REJOIN_FAILED", `re-joining room ${room} failed: ${message(e)}`,
              { retryable: true, room }));
          }
        });
      }
    }
    const held = this.held.splice(0);
    const requests = [...this.heldRequests];
    this.heldRequests.clear();
    for (const request of requests) {
      request.sentOn = connection;
    }
    for (const text of held) {
      connection.socket.send(text);
    }
  }

  private sendJoin(room: string, entry: RoomEntry): Promise<Frame> {
    return this.request(entry.type, entry.data).catch(e => {
      if (e instanceof GatehouseError && this.joined.get(room) === entry) {
        this.joined.delete(room);
      }
      throw e;
    });
  }

  private systemEvent(connection: Connection, d: Record<string, any>): void {
    switch (d.event) {
      case "session_expiring":
        this.emit("session_expiring", { expiresAt: new Date(d.expires_at), secondsLeft: Number(d.seconds_left) });
        void this.refreshToken(connection);
        break;
      case "token_refreshed":
        this.expiresAt = new Date(d.expires_at);
        this.emit("token_refreshed", { expiresAt: this.expiresAt });
        break;
      case "member_joined":
      case "member_left":
        this.emit(d.event, { room: String(d.room), userId: String(d.user_id), connectionId: String(d.connection_id) } as PresenceEvent);
        break;
      default:
        break;
    }
  }

  private async refreshToken(connection: Connection): Promise<void> {
    if (!this.getToken) {
      return;
    }
    let token: string;
    try {
      token = String(await this.getToken());
    } catch (e) {
      this.emit("error", new GatehouseError("CLIENT_TOKEN_SOURCE_FAILED", `the token source failed: ${message(e)}`, { retryable: true }));
      return;
    }
    if (token === connection.token || this.connection !== connection || connection.done) {
      return;
    }
    connection.token = token;
    // An INVALID_TOKEN answer reaches the error event like every error_message; the session keeps its expiry.
    this.request(FrameTypes.AUTH_REFRESH, { token }).catch(() => undefined);
  }

  // --- heartbeat

  private startHeartbeat(connection: Connection, intervalSeconds: number): void {
    this.stopHeartbeat();
    if (!(intervalSeconds > 0)) {
      return;
    }
    const interval = intervalSeconds * 1000;
    this.heartbeatTimer = setInterval(() => {
      if (connection.socket.readyState === OPEN) {
        connection.socket.send(JSON.stringify({ type: FrameTypes.PING }));
      }
    }, interval);
    const check = () => {
      const silentFor = Date.now() - this.lastReceived;
      if (silentFor >= interval + this.heartbeatMarginMs) {
        this.drop(connection, "HEARTBEAT_TIMEOUT");
      } else {
        this.silenceTimer = setTimeout(check, interval + this.heartbeatMarginMs - silentFor);
      }
    };
    this.silenceTimer = setTimeout(check, interval + this.heartbeatMarginMs);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.silenceTimer);
    this.heartbeatTimer = undefined;
    this.silenceTimer = undefined;
  }

  /** Gives up on a socket locally (silence, connect timeout, offline): reported as 1006 with the reason. */
  private drop(connection: Connection, reason: string): void {
    if (connection.done) {
      return;
    }
    connection.done = true;
    const socket = connection.socket as WebSocketLike & { terminate?: () => void };
    try {
      if (socket.terminate) {
        socket.terminate();
      } else {
        socket.close(CloseCodes.NORMAL, reason);
      }
    } catch {
      // the socket is being given up either way
    }
    this.closed(connection, CloseCodes.ABNORMAL, reason, false);
  }

  // --- closing and reconnecting

  private closed(connection: Connection, code: number, reason: string, remote: boolean): void {
    if (this.connection !== connection) {
      return;
    }
    this.connection = undefined;
    clearTimeout(this.connectTimer);
    this.stopHeartbeat();
    this.failSent(connection, code, reason);
    const info: CloseInfo = { code, reason, remote, willReconnect: false };
    if (connection.httpStatus !== undefined) {
      info.httpStatus = connection.httpStatus;
    }
    if (this.readyDeferred.settled) {
      this.readyDeferred = new Deferred<Welcome>();
    }
    const decision = this.decide(connection, code, reason, remote);
    if (decision === "token") {
      void this.afterTokenFailure(connection, tokenCode(connection, reason), info);
      return;
    }
    if (decision === "stop") {
      this.emit("close", info);
      this.stop(`closed with ${code}${reason ? " " + reason : ""}`, reason || undefined, info);
      return;
    }
    info.willReconnect = true;
    this.setState("reconnecting");
    this.emit("close", info);
    this.scheduleReconnect(decision, connection.retryAfterMs);
  }

  /** What a close means: see the README's reconnect table. */
  private decide(connection: Connection, code: number, reason: string, remote: boolean): "stop" | "token" | Kind {
    if (!this.reconnects) {
      return "stop";
    }
    if (!connection.opened) {
      const status = connection.httpStatus;
      if (status === 401 || status === 403) return "token";
      if (status === 429 || status === 503) return "later";
      if (status === undefined && !remote) return "normal";
      if (status === undefined && isExpired(connection.token)) return "token";
      return "normal";
    }
    if (remote && this.shouldReconnect) {
      const verdict = this.shouldReconnect({ code, reason });
      if (verdict === true) return "normal";
      if (verdict === false) return "stop";
    }
    if (code === CloseCodes.POLICY) return "token";
    if (code === CloseCodes.TRY_AGAIN_LATER || TRY_LATER_REASONS.has(reason)) return "later";
    if (code === CloseCodes.NORMAL) return reason === "IDLE_TIMEOUT" || reason === "HEARTBEAT_TIMEOUT" ? "normal" : "stop";
    if (code >= 4000 && code <= 4999) return "stop";
    return "normal";
  }

  /**
   * A refused token: reconnect only with a different one. The close event waits for the token
   * source's answer, so that it can tell whether a reconnect follows.
   */
  private async afterTokenFailure(connection: Connection, errorCode: string, info: CloseInfo): Promise<void> {
    const giveUp = (why: string) => {
      this.emit("close", info);
      this.stop(`${errorCode}: ${why}`, errorCode, info);
    };
    if (!this.getToken) {
      giveUp("the token is fixed, and the server refused it");
      return;
    }
    this.setState("reconnecting");
    let fresh: string;
    try {
      fresh = String(await this.getToken());
    } catch (e) {
      if (this.currentState !== "closed") giveUp(`the token source failed: ${message(e)}`);
      return;
    }
    if (this.currentState === "closed") {
      return;
    }
    if (fresh === connection.token) {
      giveUp("the token source returned the refused token");
      return;
    }
    this.preparedToken = fresh;
    info.willReconnect = true;
    this.emit("close", info);
    this.scheduleReconnect("normal");
  }

  private scheduleReconnect(kind: Kind, retryAfterMs?: number): void {
    if (this.currentState === "closed") {
      return;
    }
    const min = kind === "later" ? 4 * this.minDelayMs : this.minDelayMs;
    const delayMs = Math.max(fullJitterDelay(this.attempt, min, Math.max(min, this.maxDelayMs)), retryAfterMs ?? 0);
    this.attempt++;
    this.setState("reconnecting");
    this.emit("reconnecting", { attempt: this.attempt, delayMs });
    clearTimeout(this.reconnectTimer);
    if (isOffline()) {
      this.waitingForOnline = true;
      return;
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.open();
    }, delayMs);
  }

  private online(): void {
    if (this.waitingForOnline && (this.currentState === "reconnecting" || this.currentState === "connecting")) {
      this.waitingForOnline = false;
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      void this.open();
    }
  }

  private offline(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    if (this.connection) {
      this.drop(this.connection, "OFFLINE");
    } else if (this.currentState === "reconnecting") {
      this.waitingForOnline = true;
    }
  }

  private listenToNetwork(on: boolean): void {
    const target = globalThis as { addEventListener?: Function; removeEventListener?: Function };
    if (typeof target.addEventListener !== "function" || typeof navigator === "undefined" || typeof navigator.onLine !== "boolean") {
      return;
    }
    const method = (on ? target.addEventListener : target.removeEventListener)!;
    method.call(globalThis, "online", this.onOnline);
    method.call(globalThis, "offline", this.onOffline);
  }

  private stop(reason: string, errorCode: string | undefined, close: CloseInfo): void {
    this.shutDown(new ConnectionClosedError(`the client stopped: ${reason}`, close.code, close.reason));
    const event: GatehouseEvents["stopped"] = { reason, close };
    if (errorCode) event.errorCode = errorCode;
    this.emit("stopped", event);
  }

  /** Enters `closed`: timers off, requests and held frames failed, `ready` rejected. */
  private shutDown(error: ConnectionClosedError): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.connectTimer);
    this.reconnectTimer = undefined;
    this.waitingForOnline = false;
    this.stopHeartbeat();
    this.listenToNetwork(false);
    this.connection = undefined;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.heldRequests.clear();
    this.held.length = 0;
    for (const entry of this.joined.values()) {
      entry.waiting?.reject(error);
      entry.waiting = undefined;
    }
    if (this.readyDeferred.settled) {
      this.readyDeferred = new Deferred<Welcome>();
    }
    this.readyDeferred.reject(error);
    this.setState("closed");
  }

  /** Requests that went out on a connection that closed: they reject (never sent again). */
  private failSent(connection: Connection, code: number, reason: string): void {
    for (const [id, pending] of this.pending) {
      if (pending.sentOn === connection) {
        this.pending.delete(id);
        clearTimeout(pending.timer);
        pending.reject(new ConnectionClosedError(`the connection closed (${code}${reason ? " " + reason : ""}) before '${pending.type}' was answered`, code, reason));
      }
    }
  }

  // --- sending

  private encode(type: string, data: Record<string, unknown> | undefined, id: string | undefined): string {
    if (!FRAME_TYPE_PATTERN.test(type)) {
      throw new TypeError(`not a frame type (PROTOCOL §2): '${type}'`);
    }
    const frame: Record<string, unknown> = { type };
    if (data !== undefined) frame.data = data;
    if (id !== undefined) frame.id = id;
    return JSON.stringify(frame);
  }

  /** Sends now when ready, else holds; returns the connection it went out on. */
  private transmit(text: string): Connection | undefined {
    this.checkOpen();
    const connection = this.connection;
    if (this.currentState === "ready" && connection && connection.socket.readyState === OPEN) {
      connection.socket.send(text);
      return connection;
    }
    if (this.held.length >= this.maxHeldFrames) {
      throw new HeldFramesFullError(this.maxHeldFrames);
    }
    this.held.push(text);
    return undefined;
  }

  private checkOpen(): void {
    if (this.currentState === "closed") {
      throw new ConnectionClosedError("the client is closed");
    }
  }

  // --- events

  private setState(state: ClientState): void {
    if (this.currentState !== state) {
      this.currentState = state;
      this.emit("state", state);
    }
  }

  private emit<K extends keyof GatehouseEvents>(name: K, event: GatehouseEvents[K]): void {
    for (const listener of [...(this.eventListeners.get(name) ?? [])]) {
      this.call(listener, event);
    }
  }

  private call<T>(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (e) {
      console.error("gatehouse client: a listener threw", e);
    }
  }
}

function subscribe<T>(map: Map<string, Set<T>>, key: string, listener: T): () => void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(listener);
  return () => {
    map.get(key)?.delete(listener);
  };
}

function errorOf(frame: Frame): GatehouseError {
  const d = frame.data;
  return new GatehouseError(String(d.error_code ?? "UNKNOWN"), String(d.error_message ?? ""), {
    retryable: d.retryable === true,
    details: d.details && typeof d.details === "object" ? d.details : {},
    replyTo: frame.replyTo,
  });
}

function tokenCode(connection: Connection, reason: string): string {
  if (TOKEN_REASONS.has(reason) || (reason && connection.opened)) {
    return reason;
  }
  if (connection.httpStatus === 403) {
    return "FORBIDDEN";
  }
  return isExpired(connection.token) ? "TOKEN_EXPIRED" : "INVALID_TOKEN";
}

function isExpired(token: string): boolean {
  const exp = tokenExpiry(token);
  return exp !== undefined && exp.getTime() <= Date.now();
}

function isOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

function positive(value: number, name: string): number {
  if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) {
    throw new TypeError(`GatehouseClient: ${name} must be a positive number, got ${value}`);
  }
  return value;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
