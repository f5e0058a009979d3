// What the application sends: frames held until the next welcome (bounded, sent in order), and
// requests waiting for their answer (PROTOCOL §7: answered by `reply_to`, timed out, or failed
// when their connection closes; never sent again).
import type { Connection } from "./connection.js";
import { ConnectionClosedError, HeldFramesFullError, RequestTimeoutError } from "./errors.js";
import { errorOf } from "./frames.js";
import { FrameTypes } from "./protocol.js";
import type { Frame } from "./types.js";

interface Pending {
  type: string;
  resolve: (frame: Frame) => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
  /** The connection the frame went out on; undefined while it is held. */
  sentOn?: Connection;
}

interface Held {
  text: string;
  request?: Pending;
}

export class Outbox {
  private lastId = 0;
  private readonly held: Held[] = [];
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly maxHeldFrames: number) {}

  /** A fresh request id. */
  newId(): string {
    return String(++this.lastId);
  }

  /** Sends on the connection, or holds the frame when there is none ready; throws HeldFramesFullError at the bound. */
  send(text: string, connection: Connection | undefined): void {
    this.dispatch(text, connection, undefined);
  }

  private dispatch(text: string, connection: Connection | undefined, request: Pending | undefined): void {
    if (connection) {
      connection.socket.send(text);
      if (request) request.sentOn = connection;
      return;
    }
    if (this.held.length >= this.maxHeldFrames) {
      throw new HeldFramesFullError(this.maxHeldFrames);
    }
    this.held.push(request ? { text, request } : { text });
  }

  /**
   * Sends (or holds) a request on `route()`'s connection and waits for its answer; whatever
   * `route` or sending throws rejects it.
   */
  request(type: string, id: string, text: string, timeoutMs: number, route: () => Connection | undefined): Promise<Frame> {
    return new Promise<Frame>((resolve, reject) => {
      const entry: Pending = {
        type, resolve, reject,
        timer: setTimeout(() => {
          this.pending.delete(id);
          // A request that timed out while held is not sent after the next welcome.
          const index = this.held.findIndex(held => held.request === entry);
          if (index >= 0) this.held.splice(index, 1);
          reject(new RequestTimeoutError(type, id, timeoutMs));
        }, timeoutMs),
      };
      try {
        this.dispatch(text, route(), entry);
        this.pending.set(id, entry);
      } catch (e) {
        clearTimeout(entry.timer);
        reject(e);
      }
    });
  }

  /** Settles the request a received frame answers (`reply_to`), if one is pending. */
  answer(frame: Frame): void {
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

  /** After a welcome: the held frames go out in order; held requests now belong to that connection. */
  flush(connection: Connection): void {
    const held = this.held.splice(0);
    for (const { request } of held) {
      if (request) request.sentOn = connection;
    }
    for (const { text } of held) {
      connection.socket.send(text);
    }
  }

  /** A connection closed: the requests that went out on it reject (held ones wait for the next welcome). */
  failSent(connection: Connection, code: number, reason: string): void {
    this.failWhere(pending => pending.sentOn === connection, pending => new ConnectionClosedError(
      `the connection closed (${code}${reason ? " " + reason : ""}) before '${pending.type}' was answered`, code, reason));
  }

  /** The client closed or stopped: every request rejects with the error, held frames are dropped. */
  failAll(error: ConnectionClosedError): void {
    this.failWhere(() => true, () => error);
    this.held.length = 0;
  }

  private failWhere(which: (pending: Pending) => boolean, error: (pending: Pending) => unknown): void {
    for (const [id, pending] of this.pending) {
      if (which(pending)) {
        this.pending.delete(id);
        clearTimeout(pending.timer);
        pending.reject(error(pending));
      }
    }
  }
}
