/** An `error_message` answer from the server (PROTOCOL §3.4), or a failure the client reports as one. */
export class GatehouseError extends Error {
  override readonly name = "GatehouseError";
  /** The protocol's `error_code`, e.g. `HANDLER_ERROR`; client-side failures use `CLIENT_*` codes. */
  readonly errorCode: string;
  /** Whether sending the same frame again may succeed. */
  readonly retryable: boolean;
  /** The server's `details` (never a token or a stack trace). */
  readonly details: Record<string, unknown>;
  /** The `id` of the client frame this answers, if any. */
  readonly replyTo: string | undefined;
  /** The room of a failed re-join after a reconnect, if that is what failed. */
  readonly room: string | undefined;

  constructor(errorCode: string, message: string, options: {
    retryable?: boolean; details?: Record<string, unknown>; replyTo?: string | undefined; room?: string | undefined;
  } = {}) {
    super(message);
    this.errorCode = errorCode;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
    this.replyTo = options.replyTo;
    this.room = options.room;
  }
}

/** No answer to a request within its timeout. */
export class RequestTimeoutError extends Error {
  override readonly name = "RequestTimeoutError";
  constructor(readonly type: string, readonly id: string, readonly timeoutMs: number) {
    super(`no answer to '${type}' (id ${id}) within ${timeoutMs} ms`);
  }
}

/**
 * The connection closed before an answer, or the client is closed or stopped (then `send`,
 * `request` and a pending `connect()` fail with it).
 */
export class ConnectionClosedError extends Error {
  override readonly name = "ConnectionClosedError";
  constructor(message: string, readonly code?: number, readonly reason?: string) {
    super(message);
  }
}

/** `send` or `request` while the frames held for the next welcome are at their bound. */
export class HeldFramesFullError extends Error {
  override readonly name = "HeldFramesFullError";
  constructor(readonly maxHeldFrames: number) {
    super(`${maxHeldFrames} frames are already held for the next welcome (maxHeldFrames); this one was not sent`);
  }
}

/** The message of whatever was thrown. Internal: not exported by index.ts. */
export function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
