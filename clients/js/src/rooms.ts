// Rooms joined by the application's join frame and joined again after every reconnect's welcome,
// before the held frames (PROTOCOL §7). A refused join is forgotten. Each room knows the Gatehouse
// room its join puts the connection in (the `room` of its frames, PROTOCOL §3.6), for recovery.
import { Deferred } from "./deferred.js";
import { ConnectionClosedError, GatehouseError, describe } from "./errors.js";
import type { Frame } from "./types.js";

interface RoomEntry {
  type: string;
  data: Record<string, unknown>;
  /** The Gatehouse room the join puts the connection in. */
  gatehouseRoom: string;
  /** A join asked for while no connection was ready: answered at the next welcome. */
  waiting?: Deferred<Frame>;
}

export class Rooms {
  private readonly joined = new Map<string, RoomEntry>();

  /**
   * `request` sends a join; `reportError` gets a failed re-join; `forgotten` gets the Gatehouse room
   * of a room that is no longer joined (left, refused, or joined again as another Gatehouse room).
   */
  constructor(private readonly request: (type: string, data: Record<string, unknown>) => Promise<Frame>,
      private readonly reportError: (error: GatehouseError) => void,
      private readonly forgotten: (gatehouseRoom: string) => void) {}

  /** Remembers the room and sends its join now when `ready`, else at the next welcome; resolves with the answer. */
  join(room: string, type: string, data: Record<string, unknown>, gatehouseRoom: string, ready: boolean): Promise<Frame> {
    const entry: RoomEntry = { type, data, gatehouseRoom };
    const previous = this.joined.get(room);
    this.joined.set(room, entry);
    if (previous && previous.gatehouseRoom !== gatehouseRoom) {
      this.forgotten(previous.gatehouseRoom);
    }
    if (ready) {
      return this.send(room, entry);
    }
    entry.waiting = new Deferred<Frame>();
    return entry.waiting.promise;
  }

  /** Forgets the room; a join still waiting for a welcome rejects. */
  leave(room: string): void {
    const entry = this.joined.get(room);
    this.joined.delete(room);
    if (entry) {
      this.forgotten(entry.gatehouseRoom);
    }
    entry?.waiting?.reject(new ConnectionClosedError(`left room ${room} before joining it`));
  }

  list(): string[] {
    return [...this.joined.keys()];
  }

  /** The Gatehouse room of a joined room, or undefined. */
  gatehouseRoom(room: string): string | undefined {
    return this.joined.get(room)?.gatehouseRoom;
  }

  /** The Gatehouse rooms of every joined room. */
  gatehouseRooms(): string[] {
    return [...this.joined.values()].map(entry => entry.gatehouseRoom);
  }

  /** After a welcome: every remembered room's join is sent, stopping if `current()` turns false. */
  rejoin(current: () => boolean): void {
    for (const [room, entry] of this.joined) {
      if (!current()) {
        return;
      }
      const waiting = entry.waiting;
      entry.waiting = undefined;
      const answered = this.send(room, entry);
      if (waiting) {
        answered.then(waiting.resolve, waiting.reject);
      } else {
        answered.catch(e => this.rejoinFailed(room, e));
      }
    }
  }

  /** The client closed or stopped: joins waiting for a welcome reject. */
  failWaiting(error: ConnectionClosedError): void {
    for (const entry of this.joined.values()) {
      entry.waiting?.reject(error);
      entry.waiting = undefined;
    }
  }

  private send(room: string, entry: RoomEntry): Promise<Frame> {
    return this.request(entry.type, entry.data).catch(e => {
      if (e instanceof GatehouseError && this.joined.get(room) === entry) {
        this.joined.delete(room);
        this.forgotten(entry.gatehouseRoom);
      }
      throw e;
    });
  }

  /** A re-join's failure as an error event carrying the room; a closed connection is reported by its close. */
  private rejoinFailed(room: string, e: unknown): void {
    if (e instanceof GatehouseError) {
      this.reportError(new GatehouseError(e.errorCode, `re-joining room ${room} failed: ${e.message}`,
        { retryable: e.retryable, details: e.details, replyTo: e.replyTo, room }));
    } else if (!(e instanceof ConnectionClosedError)) {
      this.reportError(new GatehouseError("CLIENT_REJOIN_FAILED", `re-joining room ${room} failed: ${describe(e)}`,
        { retryable: true, room }));
    }
  }
}
