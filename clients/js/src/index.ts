export { GatehouseClient } from "./client.js";
export { GatehouseError, RequestTimeoutError, ConnectionClosedError, HeldFramesFullError } from "./errors.js";
export { fullJitterDelay } from "./backoff.js";
export { tokenExpiry } from "./jwt.js";
export {
  SUBPROTOCOL, BEARER_PREFIX, PROTOCOL_VERSION, ERROR_CODES, HANDSHAKE_CODES, CloseCodes, CLOSE_REASONS,
  SYSTEM_EVENTS, RECOVERY_REASONS, FrameTypes, FRAME_TYPE_PATTERN,
} from "./protocol.js";
export type { ErrorCode, HandshakeCode, CloseReason, SystemEvent, RecoveryReason } from "./protocol.js";
export type {
  ClientState, CloseInfo, Frame, GatehouseClientOptions, GatehouseEvents, PresenceEvent, ReconnectOptions,
  RoomMember, RoomRecovery, StreamPosition, WebSocketConstructor, WebSocketLike, Welcome,
} from "./types.js";
