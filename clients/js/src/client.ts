// The client's public class: its state machine (connecting, ready, reconnecting, closed) and the
// glue between the parts, each in its own module: the socket (connection.ts), the wire format
// (frames.ts), held frames and pending requests (outbox.ts), rooms (rooms.ts), room history
// positions and recovery (positions.ts), the heartbeat (heartbeat.ts), the reconnect decision and
// schedule (reconnect.ts), the network (network.ts), the token source (tokens.ts), listeners
// (emitter.ts) and the options (options.ts).
import { abandon, closeConnection, OPEN, openConnection, type Connection } from "./connection.js";
import { Deferred } from "./deferred.js";
import { Emitter } from "./emitter.js";
import { ConnectionClosedError, describe } from "./errors.js";
import { decode, encode, errorOf, membersOf, presenceOf, recoveryOf, welcomeOf } from "./frames.js";
import { Heartbeat } from "./heartbeat.js";
import { isOffline, watchNetwork } from "./network.js";
import { settingsOf, type Settings } from "./options.js";
import { Outbox } from "./outbox.js";
import { Positions } from "./positions.js";
import { CloseCodes, FrameTypes } from "./protocol.js";
import { decide, ReconnectSchedule, tokenCode, type Backoff } from "./reconnect.js";
import { Rooms } from "./rooms.js";
import { TokenSource, tokenSourceFailed } from "./tokens.js";
import type {
  ClientState, CloseInfo, Frame, GatehouseClientOptions, GatehouseEvents, RoomMember, RoomRecovery, StreamPosition, Welcome,
} from "./types.js";

/**
 * A client of the Gatehouse protocol (docs/PROTOCOL.md) for browsers and Node 20+: token as a
 * subprotocol entry or header, in-band token refresh, held frames, request/reply, reconnect by
 * close code with full-jitter backoff, heartbeat, rooms re-joined after a reconnect, and the frames
 * of rooms with history recovered after a reconnect, each shown once (PROTOCOL §3.6).
 */
export class GatehouseClient {
  private readonly settings: Settings;
  private readonly events = new Emitter<GatehouseEvents>();
  private readonly frames = new Emitter<Record<string, Frame>>();
  private readonly outbox: Outbox;
  private readonly joinedRooms: Rooms;
  private readonly positions = new Positions();
  private readonly heartbeat: Heartbeat;
  private readonly schedule: ReconnectSchedule;
  private readonly tokens: TokenSource;

  private currentState: ClientState = "idle";
  private connection: Connection | undefined;
  private currentWelcome: Welcome | undefined;
  private expiresAt: Date | undefined;
  private readyDeferred = new Deferred<Welcome>();
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onOnline = () => this.online();
  private readonly onOffline = () => this.offline();

  constructor(options: GatehouseClientOptions) {
    this.settings = settingsOf(options);
    this.outbox = new Outbox(this.settings.maxHeldFrames);
    this.joinedRooms = new Rooms((type, data) => this.request(type, data), error => this.events.emit("error", error),
      gatehouseRoom => {
        if (!this.joinedRooms.gatehouseRooms().includes(gatehouseRoom)) this.positions.forget(gatehouseRoom);
      });
    this.heartbeat = new Heartbeat(this.settings.heartbeatMarginMs);
    this.schedule = new ReconnectSchedule(this.settings.minDelayMs, this.settings.maxDelayMs);
    this.tokens = new TokenSource(this.settings.token, this.settings.getToken);
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
      this.renewReady();
      this.schedule.reset();
      watchNetwork(true, this.onOnline, this.onOffline);
      this.setState("connecting");
      if (isOffline()) {
        this.schedule.waitForOnline();
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
    this.outbox.send(encode(type, data, undefined), this.route());
  }

  /**
   * Sends a frame with a fresh id and resolves with the first frame answering it; rejects with
   * GatehouseError for an `error_message`, RequestTimeoutError, or ConnectionClosedError when its
   * connection closes first (requests are never sent again).
   */
  request(type: string, data?: Record<string, unknown>, options: { timeoutMs?: number } = {}): Promise<Frame> {
    const id = this.outbox.newId();
    const text = encode(type, data, id);
    return this.outbox.request(type, id, text, options.timeoutMs ?? this.settings.requestTimeoutMs, () => this.route());
  }

  /** Listens to application frames of one type (every frame of it, replies included); returns the unsubscribe. */
  on(type: string, listener: (frame: Frame) => void): () => void {
    return this.frames.on(type, listener);
  }

  /** Listens to a protocol event; returns the unsubscribe. */
  onEvent<K extends keyof GatehouseEvents>(name: K, listener: (event: GatehouseEvents[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  /**
   * Joins a room by the application's join frame (default `chat.join {room}`) and remembers it: after
   * every reconnect's welcome it is sent again, before held frames, preceded by a `recover` frame with
   * the room's position when the room has history (PROTOCOL §3.6). Resolves with the answer; a
   * refused join is forgotten.
   *
   * `gatehouseRoom` is the Gatehouse room the application's join handler puts the connection in,
   * that is the top-level `room` of the frames it then receives, when it is not `room` itself (for
   * example `chat:lobby` when the chat example's handler answers `chat.join {room: "lobby"}`).
   * Recovery needs it: the position sent for a room is that of its Gatehouse room.
   */
  joinRoom(room: string, options: { type?: string; data?: Record<string, unknown>; gatehouseRoom?: string } = {}): Promise<Frame> {
    this.checkOpen();
    const type = options.type ?? "chat.join";
    const data = options.data ?? { room };
    encode(type, data, "0"); // a join that cannot be sent is not remembered
    return this.joinedRooms.join(room, type, data, options.gatehouseRoom ?? room, this.currentState === "ready");
  }

  /**
   * Forgets a room, with its history position and last recovery; sends the leave frame when one is
   * given and resolves with its answer.
   */
  leaveRoom(room: string, options: { type?: string; data?: Record<string, unknown> } = {}): Promise<Frame | undefined> {
    this.joinedRooms.leave(room);
    if (options.type === undefined) {
      return Promise.resolve(undefined);
    }
    return this.request(options.type, options.data ?? { room });
  }

  /** The rooms remembered for re-joining. */
  rooms(): string[] {
    return this.joinedRooms.list();
  }

  /**
   * The room's position in its history (PROTOCOL §3.6): the epoch and offset of the last frame
   * received from it, or of its last `room_recovery`; undefined before its first such frame, for a
   * room without history, and once left. `room` is a room as joined (`joinRoom`) or a Gatehouse room.
   */
  roomPosition(room: string): StreamPosition | undefined {
    return this.positions.position(this.gatehouseRoomOf(room));
  }

  /** The position in the user's stream of direct frames with history (PROTOCOL §3.6), undefined before its first frame. */
  userPosition(): StreamPosition | undefined {
    return this.positions.userPosition();
  }

  /**
   * The room's last `room_recovery` since it was joined, undefined when there was none. With
   * `recovered: false` frames were lost for this client: the application reloads the room's state
   * from its own source (its database, through an application request).
   */
  recovery(room: string): RoomRecovery | undefined {
    return this.positions.recovery(this.gatehouseRoomOf(room));
  }

  /** Whether the room's last recovery got every missed frame (`recovery(room)?.recovered`); undefined when there was none. */
  recovered(room: string): boolean | undefined {
    return this.recovery(room)?.recovered;
  }

  /**
   * The room's members on every node (`room_members`, PROTOCOL §4): one entry per connection, for a
   * room this connection is in whose presence the server tracks. Presence events are at most once:
   * ask after a recovery, or wherever the exact membership matters. A request like any other: held
   * while not ready, answered in the connection's turn (so after a join sent before it); rejects with
   * GatehouseError `ROOM_FORBIDDEN` (not a member, or presence not tracked there), `HANDLER_ERROR`
   * (retryable: presence could not be read in time), or as `request` does. `room` is a room as joined
   * (`joinRoom`) or a Gatehouse room.
   */
  async members(room: string, options: { timeoutMs?: number } = {}): Promise<RoomMember[]> {
    return membersOf(await this.request(FrameTypes.ROOM_MEMBERS, { room: this.gatehouseRoomOf(room) }, options));
  }

  /** The last `room_recovery` of the user's stream of direct frames, undefined when there was none. */
  userRecovery(): RoomRecovery | undefined {
    return this.positions.lastUserRecovery();
  }

  /**
   * Closes and stays closed: pending and held requests reject, held frames are dropped. Resolves
   * once the socket is closed (at most a few seconds).
   */
  close(code: number = CloseCodes.NORMAL, reason = ""): Promise<void> {
    const connection = this.connection;
    this.shutDown(new ConnectionClosedError("the client was closed", code, reason));
    if (connection && !connection.done) {
      const closed = closeConnection(connection, code, reason);
      this.events.emit("close", { code, reason, remote: false, willReconnect: false });
      return closed;
    }
    return Promise.resolve();
  }

  // --- connecting

  private async open(): Promise<void> {
    let token: string;
    try {
      token = await this.tokens.next();
    } catch (e) {
      if (this.currentState === "closed") {
        return;
      }
      this.events.emit("error", tokenSourceFailed(e));
      this.scheduleReconnect("normal");
      return;
    }
    if (this.currentState === "closed" || this.connection) {
      return;
    }
    let connection: Connection;
    try {
      connection = openConnection(this.settings, token,
        text => this.receive(connection, text),
        (code, reason) => this.closed(connection, code, reason, true));
    } catch (e) {
      const why = `cannot open ${this.settings.url}: ${describe(e)}`;
      this.shutDown(new ConnectionClosedError(why));
      this.events.emit("stopped", { reason: why });
      return;
    }
    this.connection = connection;
    this.connectTimer = setTimeout(() => this.drop(connection, "CONNECT_TIMEOUT"), this.settings.connectTimeoutMs);
  }

  // --- receiving

  private receive(connection: Connection, text: string): void {
    this.heartbeat.received();
    const frame = decode(text);
    if (!frame || !this.positions.advance(frame)) {
      return; // not a frame, or a room's frame already received (a replay's overlap): dropped
    }
    this.events.emit("frame", frame);
    if (frame.type === FrameTypes.SYSTEM_MESSAGE && frame.data.event === "connection_established" && !connection.welcomed) {
      this.welcomed(connection, frame);
      return;
    }
    this.outbox.answer(frame);
    if (frame.type === FrameTypes.ERROR_MESSAGE) {
      this.events.emit("error", errorOf(frame));
    } else if (frame.type === FrameTypes.SYSTEM_MESSAGE) {
      this.systemEvent(connection, frame.data);
    }
    this.frames.emit(frame.type, frame);
  }

  /**
   * The welcome: the positions of rooms with history stated (`recover`, before anything else), ready,
   * heartbeat on, then the rooms re-joined and the held frames sent, in that order.
   */
  private welcomed(connection: Connection, frame: Frame): void {
    clearTimeout(this.connectTimer);
    connection.welcomed = true;
    const welcome = welcomeOf(frame.data);
    this.stateRecovery(connection, welcome);
    this.currentWelcome = welcome;
    this.expiresAt = welcome.tokenExpiresAt;
    this.schedule.reset();
    this.heartbeat.start(connection, welcome.heartbeatIntervalSeconds, () => this.drop(connection, "HEARTBEAT_TIMEOUT"));
    this.setState("ready");
    this.readyDeferred.resolve(welcome);
    this.events.emit("welcome", welcome);
    const current = () => this.connection === connection;
    this.joinedRooms.rejoin(current);
    if (current()) {
      this.outbox.flush(connection);
    }
  }

  /**
   * `recover` after every welcome of a server that keeps history (`config.recovery`; it holds the
   * user's direct frames until it comes): the joined rooms' positions, the user's, and the previous
   * connection's id (PROTOCOL §3.6, §4, §7). A server without history is never sent one.
   */
  private stateRecovery(connection: Connection, welcome: Welcome): void {
    const rooms = this.joinedRooms.gatehouseRooms();
    const previous = this.currentWelcome?.connectionId;
    if (welcome.recovery) {
      connection.socket.send(encode(FrameTypes.RECOVER, this.positions.recoverData(rooms, previous), undefined));
    }
  }

  private systemEvent(connection: Connection, d: Record<string, any>): void {
    switch (d.event) {
      case "session_expiring":
        this.events.emit("session_expiring", { expiresAt: new Date(d.expires_at), secondsLeft: Number(d.seconds_left) });
        void this.refreshToken(connection);
        break;
      case "token_refreshed":
        this.expiresAt = new Date(d.expires_at);
        this.events.emit("token_refreshed", { expiresAt: this.expiresAt });
        break;
      case "member_joined":
      case "member_left":
        this.events.emit(d.event, presenceOf(d));
        break;
      case "room_recovery": {
        const recovery = recoveryOf(d);
        if (recovery) {
          this.positions.recovered(recovery);
          this.events.emit("room_recovery", recovery);
        }
        break;
      }
      default:
        break;
    }
  }

  /** `session_expiring`: a different token from the source goes in band (`auth_refresh`). */
  private async refreshToken(connection: Connection): Promise<void> {
    if (!this.tokens.renewable) {
      return;
    }
    let token: string;
    try {
      token = await this.tokens.fresh();
    } catch (e) {
      this.events.emit("error", tokenSourceFailed(e));
      return;
    }
    if (token === connection.token || this.connection !== connection || connection.done) {
      return;
    }
    connection.token = token;
    // An INVALID_TOKEN answer reaches the error event like every error_message; the session keeps its expiry.
    this.request(FrameTypes.AUTH_REFRESH, { token }).catch(() => undefined);
  }

  // --- closing and reconnecting

  /** Gives up on a socket locally (silence, connect timeout, offline): reported as 1006 with the reason. */
  private drop(connection: Connection, reason: string): void {
    if (abandon(connection, reason)) {
      this.closed(connection, CloseCodes.ABNORMAL, reason, false);
    }
  }

  private closed(connection: Connection, code: number, reason: string, remote: boolean): void {
    if (this.connection !== connection) {
      return;
    }
    this.connection = undefined;
    clearTimeout(this.connectTimer);
    this.heartbeat.stop();
    this.outbox.failSent(connection, code, reason);
    const info: CloseInfo = { code, reason, remote, willReconnect: false };
    if (connection.httpStatus !== undefined) {
      info.httpStatus = connection.httpStatus;
    }
    this.renewReady();
    const decision = decide(this.settings, connection, code, reason, remote);
    if (decision === "token") {
      void this.afterTokenFailure(connection, tokenCode(connection, reason), info);
      return;
    }
    if (decision === "stop") {
      this.events.emit("close", info);
      this.stop(`closed with ${code}${reason ? " " + reason : ""}`, reason || undefined, info);
      return;
    }
    info.willReconnect = true;
    this.setState("reconnecting");
    this.events.emit("close", info);
    this.scheduleReconnect(decision, connection.retryAfterMs);
  }

  /**
   * A refused token: reconnect only with a different one. The close event waits for the token
   * source's answer, so that it can tell whether a reconnect follows.
   */
  private async afterTokenFailure(connection: Connection, errorCode: string, info: CloseInfo): Promise<void> {
    const giveUp = (why: string) => {
      this.events.emit("close", info);
      this.stop(`${errorCode}: ${why}`, errorCode, info);
    };
    if (!this.tokens.renewable) {
      giveUp("the token is fixed, and the server refused it");
      return;
    }
    this.setState("reconnecting");
    let fresh: string;
    try {
      fresh = await this.tokens.fresh();
    } catch (e) {
      if (this.currentState !== "closed") giveUp(`the token source failed: ${describe(e)}`);
      return;
    }
    if (this.currentState === "closed") {
      return;
    }
    if (fresh === connection.token) {
      giveUp("the token source returned the refused token");
      return;
    }
    this.tokens.prepare(fresh);
    info.willReconnect = true;
    this.events.emit("close", info);
    this.scheduleReconnect("normal");
  }

  private scheduleReconnect(kind: Backoff, retryAfterMs?: number): void {
    if (this.currentState === "closed") {
      return;
    }
    const event = this.schedule.schedule(kind, retryAfterMs, isOffline(), () => void this.open());
    this.setState("reconnecting");
    this.events.emit("reconnecting", event);
  }

  private online(): void {
    if ((this.currentState === "reconnecting" || this.currentState === "connecting") && this.schedule.takeOnline()) {
      void this.open();
    }
  }

  private offline(): void {
    this.schedule.pause();
    if (this.connection) {
      this.drop(this.connection, "OFFLINE");
    } else if (this.currentState === "reconnecting") {
      this.schedule.waitForOnline();
    }
  }

  private stop(reason: string, errorCode: string | undefined, close: CloseInfo): void {
    this.shutDown(new ConnectionClosedError(`the client stopped: ${reason}`, close.code, close.reason));
    const event: GatehouseEvents["stopped"] = { reason, close };
    if (errorCode) event.errorCode = errorCode;
    this.events.emit("stopped", event);
  }

  /** Enters `closed`: timers off, requests and held frames failed, `ready` rejected. */
  private shutDown(error: ConnectionClosedError): void {
    this.schedule.cancel();
    clearTimeout(this.connectTimer);
    this.heartbeat.stop();
    watchNetwork(false, this.onOnline, this.onOffline);
    this.connection = undefined;
    this.outbox.failAll(error);
    this.joinedRooms.failWaiting(error);
    this.renewReady();
    this.readyDeferred.reject(error);
    this.setState("closed");
  }

  /** A settled `ready` is replaced by a pending one, for the next welcome. */
  private renewReady(): void {
    if (this.readyDeferred.settled) {
      this.readyDeferred = new Deferred<Welcome>();
    }
  }

  /** A joined room's Gatehouse room, or the name itself. */
  private gatehouseRoomOf(room: string): string {
    return this.joinedRooms.gatehouseRoom(room) ?? room;
  }

  // --- sending

  /** The connection to send on now: undefined when the frame must be held; throws once closed. */
  private route(): Connection | undefined {
    this.checkOpen();
    const connection = this.connection;
    return this.currentState === "ready" && connection && connection.socket.readyState === OPEN ? connection : undefined;
  }

  private checkOpen(): void {
    if (this.currentState === "closed") {
      throw new ConnectionClosedError("the client is closed");
    }
  }

  private setState(state: ClientState): void {
    if (this.currentState !== state) {
      this.currentState = state;
      this.events.emit("state", state);
    }
  }
}
