// Room history and recovery on the client's side (PROTOCOL §3.6, §7 "Recovery"): the position
// (epoch, offset) of the last frame received from each room and from the user's stream, duplicates
// dropped, the `recover` frame's data after a reconnect, and the last `room_recovery` of each room.
import type { Frame, RoomRecovery, StreamPosition } from "./types.js";

export class Positions {
  /** By the frames' top-level `room`. */
  private readonly rooms = new Map<string, StreamPosition>();
  /** The last `room_recovery` of each room, until the room is left. */
  private readonly recoveries = new Map<string, RoomRecovery>();
  private user: StreamPosition | undefined;
  private userRecovery: RoomRecovery | undefined;

  /**
   * A received frame: advances its stream's position and returns true, or returns false for a
   * duplicate (an offset not greater than the one held for the same epoch), which is dropped. A
   * frame without a position is always true; a different epoch replaces the one held.
   */
  advance(frame: Frame): boolean {
    if (frame.epoch === undefined || frame.offset === undefined) {
      return true;
    }
    const held = frame.room !== undefined ? this.rooms.get(frame.room) : this.user;
    if (held && held.epoch === frame.epoch && frame.offset <= held.offset) {
      return false;
    }
    this.set(frame.room, { epoch: frame.epoch, offset: frame.offset });
    return true;
  }

  /**
   * A `room_recovery`: its position becomes the stream's (without one, the stream's is forgotten and
   * the next frame's taken), and it is remembered as the room's (or user's) last.
   */
  recovered(recovery: RoomRecovery): void {
    if (recovery.epoch !== undefined && recovery.offset !== undefined) {
      this.set(recovery.room, { epoch: recovery.epoch, offset: recovery.offset });
    } else if (recovery.room !== undefined) {
      this.rooms.delete(recovery.room);
    } else {
      this.user = undefined;
    }
    if (recovery.room !== undefined) {
      this.recoveries.set(recovery.room, recovery);
    } else {
      this.userRecovery = recovery;
    }
  }

  /** A room left: its position and its last recovery are forgotten. */
  forget(room: string): void {
    this.rooms.delete(room);
    this.recoveries.delete(room);
  }

  position(room: string): StreamPosition | undefined {
    const held = this.rooms.get(room);
    return held && { ...held };
  }

  userPosition(): StreamPosition | undefined {
    return this.user && { ...this.user };
  }

  recovery(room: string): RoomRecovery | undefined {
    return this.recoveries.get(room);
  }

  lastUserRecovery(): RoomRecovery | undefined {
    return this.userRecovery;
  }

  /**
   * The data of the `recover` frame (PROTOCOL §4): the positions of the rooms still joined and the
   * user's, and the previous connection's id, each left out when there is none.
   */
  recoverData(joined: Iterable<string>, previousConnectionId: string | undefined): Record<string, unknown> {
    const rooms: Record<string, StreamPosition> = {};
    let any = false;
    for (const room of joined) {
      const held = this.rooms.get(room);
      if (held) {
        rooms[room] = { ...held };
        any = true;
      }
    }
    const data: Record<string, unknown> = {};
    if (any) data.rooms = rooms;
    if (this.user) data.user = { ...this.user };
    if (previousConnectionId) data.previous_connection_id = previousConnectionId;
    return data;
  }

  private set(room: string | undefined, position: StreamPosition): void {
    if (room !== undefined) {
      this.rooms.set(room, position);
    } else {
      this.user = position;
    }
  }
}
