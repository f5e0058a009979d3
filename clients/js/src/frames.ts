// The wire format (PROTOCOL §2, §3): frames encoded for sending, and received frames read into
// the client's types. Pure functions, no state.
import { GatehouseError } from "./errors.js";
import { FRAME_TYPE_PATTERN, FrameTypes } from "./protocol.js";
import type { Frame, PresenceEvent, RoomMember, RoomRecovery, Welcome } from "./types.js";

/** The JSON text of a client frame; throws TypeError for a type PROTOCOL §2 does not allow. */
export function encode(type: string, data: Record<string, unknown> | undefined, id: string | undefined): string {
  if (!FRAME_TYPE_PATTERN.test(type)) {
    throw new TypeError(`not a frame type (PROTOCOL §2): '${type}'`);
  }
  const frame: Record<string, unknown> = { type };
  if (data !== undefined) frame.data = data;
  if (id !== undefined) frame.id = id;
  return JSON.stringify(frame);
}

/** A received text as a frame; undefined when it is not a JSON object with a string `type`. */
export function decode(text: string): Frame | undefined {
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object" || typeof parsed.type !== "string") {
    return undefined;
  }
  const frame: Frame = {
    type: parsed.type,
    data: parsed.data && typeof parsed.data === "object" ? parsed.data : {},
    text,
  };
  if (typeof parsed.id === "string") frame.id = parsed.id;
  if (typeof parsed.reply_to === "string") frame.replyTo = parsed.reply_to;
  if (typeof parsed.timestamp === "number") frame.timestamp = parsed.timestamp;
  if (typeof parsed.epoch === "string" && Number.isSafeInteger(parsed.offset)) {
    // A position (PROTOCOL §3.6): a room's frame, or else a user stream's.
    if (typeof parsed.room === "string") {
      frame.room = parsed.room;
    } else if (typeof parsed.user === "string") {
      frame.user = parsed.user;
    }
    if (frame.room !== undefined || frame.user !== undefined) {
      frame.epoch = parsed.epoch;
      frame.offset = parsed.offset;
    }
  }
  return frame;
}

/** An `error_message` frame (PROTOCOL §3.4) as the error it reports. */
export function errorOf(frame: Frame): GatehouseError {
  const d = frame.data;
  return new GatehouseError(String(d.error_code ?? "UNKNOWN"), String(d.error_message ?? ""), {
    retryable: d.retryable === true,
    details: d.details && typeof d.details === "object" ? d.details : {},
    replyTo: frame.replyTo,
  });
}

/** The `data` of a `connection_established` (PROTOCOL §3.1) as a Welcome. */
export function welcomeOf(d: Record<string, any>): Welcome {
  return {
    connectionId: String(d.connection_id ?? ""),
    userId: String(d.user_id ?? ""),
    tokenExpiresAt: d.token_expires_at ? new Date(d.token_expires_at) : undefined,
    heartbeatIntervalSeconds: Number(d.config?.heartbeat_interval_seconds ?? 0),
    maxMessageSizeBytes: Number(d.config?.max_message_size_bytes ?? 0),
    recovery: d.config?.recovery === true,
    protocolVersion: Number(d.protocol_version ?? 0),
    serverTime: new Date(d.server_time ?? Date.now()),
    data: d,
  };
}

/** The `data` of a `member_joined` / `member_left` (PROTOCOL §3.5) as a PresenceEvent. */
export function presenceOf(d: Record<string, any>): PresenceEvent {
  return { room: String(d.room), userId: String(d.user_id), connectionId: String(d.connection_id) };
}

/** The members a `room_members` answer lists (PROTOCOL §4); throws when the answer is another frame. */
export function membersOf(answer: Frame): RoomMember[] {
  const members = answer.data.members;
  if (answer.type !== FrameTypes.ROOM_MEMBERS || !Array.isArray(members)) {
    throw new Error(`room_members was answered by an unexpected frame: ${answer.text}`);
  }
  return members.filter(m => typeof m === "object" && m !== null)
    .map(m => ({ userId: String(m.user_id), connectionId: String(m.connection_id) }));
}

/**
 * The `data` of a `room_recovery` (PROTOCOL §3.6) as a RoomRecovery; undefined when it names
 * neither a room nor a user, which the client then ignores. Its position is absent when the server
 * did not know the room's.
 */
export function recoveryOf(d: Record<string, any>): RoomRecovery | undefined {
  const room = typeof d.room === "string" ? d.room : undefined;
  const user = room === undefined && typeof d.user === "string" ? d.user : undefined;
  if (room === undefined && user === undefined) {
    return undefined;
  }
  const recovery: RoomRecovery = {
    recovered: d.recovered === true,
    replayed: Number.isSafeInteger(d.replayed) ? d.replayed : 0,
  };
  if (typeof d.epoch === "string" && Number.isSafeInteger(d.offset)) {
    recovery.epoch = d.epoch;
    recovery.offset = d.offset;
  }
  if (room !== undefined) recovery.room = room;
  if (user !== undefined) recovery.user = user;
  if (recovery.recovered === false && typeof d.reason === "string") recovery.reason = d.reason;
  return recovery;
}
