/**
 * The names of docs/PROTOCOL.md (version 1), as constants and union types. A test parses the
 * protocol's tables and checks them against these, so the two cannot drift.
 */

/** The plain application subprotocol offered beside the token entry (PROTOCOL §1.1). */
export const SUBPROTOCOL = "gatehouse.v1";

/** The prefix of the subprotocol entry that carries the token (PROTOCOL §1.1). */
export const BEARER_PREFIX = "bearer.";

/** The protocol version this client speaks. */
export const PROTOCOL_VERSION = 1;

/** Every `error_code` of an `error_message` frame (PROTOCOL §3.4). */
export const ERROR_CODES = [
  "MALFORMED_MESSAGE",
  "UNKNOWN_TYPE",
  "HANDLER_ERROR",
  "HANDLER_TIMEOUT",
  "UNSUPPORTED_FRAME",
  "RATE_LIMITED",
  "ROOM_FORBIDDEN",
  "MESSAGE_TOO_LARGE",
  "SERVICE_UNAVAILABLE",
  "CONNECTION_LIMIT",
  "TOKEN_EXPIRED",
  "TOKEN_REVOKED",
  "INVALID_TOKEN",
  "NO_TOKEN",
  "FORBIDDEN_ORIGIN",
  "FORBIDDEN",
] as const;
/** An `error_code` of PROTOCOL §3.4. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body codes of a refused or malformed upgrade (PROTOCOL §1.3 and §1.4). */
export const HANDSHAKE_CODES = [
  "NO_TOKEN",
  "INVALID_TOKEN",
  "TOKEN_EXPIRED",
  "TOKEN_REVOKED",
  "FORBIDDEN_ORIGIN",
  "FORBIDDEN",
  "CONNECTION_LIMIT",
  "SERVICE_UNAVAILABLE",
  "UPGRADE_CHECK_FAILED",
  "NOT_FOUND",
  "BAD_HANDSHAKE",
  "UNSUPPORTED_VERSION",
  "HANDSHAKE_TIMEOUT",
] as const;
/** A body code of a refused upgrade. */
export type HandshakeCode = (typeof HANDSHAKE_CODES)[number];

/** WebSocket close codes the protocol gives a meaning (PROTOCOL §5). */
export const CloseCodes = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  ABNORMAL: 1006,
  INVALID_PAYLOAD: 1007,
  POLICY: 1008,
  MESSAGE_TOO_LARGE: 1009,
  SERVER_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
} as const;

/** The close reasons of each close code (PROTOCOL §5); 1006 is never sent, only reported locally. */
export const CLOSE_REASONS: Readonly<Record<number, readonly string[]>> = {
  1000: ["IDLE_TIMEOUT", "HEARTBEAT_TIMEOUT"],
  1001: ["SERVER_SHUTDOWN"],
  1002: ["PROTOCOL_ERROR"],
  1007: ["INVALID_PAYLOAD"],
  1008: ["TOKEN_EXPIRED", "TOKEN_REVOKED", "INVALID_TOKEN", "NO_TOKEN", "FORBIDDEN_ORIGIN", "FORBIDDEN"],
  1009: ["MESSAGE_TOO_LARGE"],
  1013: ["SERVICE_UNAVAILABLE", "CONNECTION_LIMIT", "SLOW_CONSUMER"],
  1011: [],
};
/** A close reason of PROTOCOL §5. */
export type CloseReason =
  | "IDLE_TIMEOUT" | "HEARTBEAT_TIMEOUT" | "SERVER_SHUTDOWN" | "PROTOCOL_ERROR" | "INVALID_PAYLOAD"
  | "TOKEN_EXPIRED" | "TOKEN_REVOKED" | "INVALID_TOKEN" | "NO_TOKEN" | "FORBIDDEN_ORIGIN" | "FORBIDDEN"
  | "MESSAGE_TOO_LARGE" | "SERVICE_UNAVAILABLE" | "CONNECTION_LIMIT" | "SLOW_CONSUMER";

/** The `data.event` values of `system_message` frames (PROTOCOL §3.1, §3.2, §3.5, §3.6). */
export const SYSTEM_EVENTS = [
  "connection_established",
  "session_expiring",
  "token_refreshed",
  "member_joined",
  "member_left",
  "room_recovery",
] as const;
/** A `data.event` of a `system_message`. */
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

/** The reasons of a `room_recovery` event with `recovered: false` (PROTOCOL §3.6). */
export const RECOVERY_REASONS = [
  "epoch_changed",
  "too_far_behind",
  "expired",
  "unavailable",
] as const;
/** A reason of PROTOCOL §3.6 why a room was not recovered. */
export type RecoveryReason = (typeof RECOVERY_REASONS)[number];

/** Frame types the protocol defines (PROTOCOL §3, §4). */
export const FrameTypes = {
  SYSTEM_MESSAGE: "system_message",
  ERROR_MESSAGE: "error_message",
  PONG: "pong",
  PING: "ping",
  AUTH_REFRESH: "auth_refresh",
  RECOVER: "recover",
  ROOM_MEMBERS: "room_members",
} as const;

/** What a frame's `type` must match (PROTOCOL §2). */
export const FRAME_TYPE_PATTERN = /^[a-z][a-z0-9_.:-]{0,63}$/;
