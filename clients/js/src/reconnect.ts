// What a close means (the README's reconnect table, PROTOCOL §7), and when the next attempt runs:
// full-jitter backoff, longer after "try again later", and no attempt while the browser is offline.
import { fullJitterDelay } from "./backoff.js";
import type { Connection } from "./connection.js";
import { tokenExpiry } from "./jwt.js";
import { CloseCodes } from "./protocol.js";

const TOKEN_REASONS = new Set(["TOKEN_EXPIRED", "TOKEN_REVOKED", "INVALID_TOKEN", "NO_TOKEN"]);
const TRY_LATER_REASONS = new Set(["SERVICE_UNAVAILABLE", "CONNECTION_LIMIT", "SLOW_CONSUMER"]);

/** How long to back off: from the minimum delay, or from four times it. */
export type Backoff = "normal" | "later";

/** Stay closed, reconnect only with a different token, or reconnect after a backoff. */
export type Decision = "stop" | "token" | Backoff;

export interface ReconnectPolicy {
  reconnects: boolean;
  shouldReconnect: ((close: { code: number; reason: string }) => boolean | undefined) | undefined;
}

/** What a connection's close means. */
export function decide(policy: ReconnectPolicy, connection: Connection, code: number, reason: string, remote: boolean): Decision {
  if (!policy.reconnects) {
    return "stop";
  }
  if (!connection.opened) {
    const status = connection.httpStatus;
    if (status === 401 || status === 403) return "token";
    if (status === 429 || status === 503) return "later";
    if (status === undefined && remote && isExpired(connection.token)) return "token";
    return "normal";
  }
  if (remote && policy.shouldReconnect) {
    const verdict = policy.shouldReconnect({ code, reason });
    if (verdict === true) return "normal";
    if (verdict === false) return "stop";
  }
  if (code === CloseCodes.POLICY) return reason === "FORBIDDEN_ORIGIN" ? "stop" : "token"; // no token helps
  if (code === CloseCodes.TRY_AGAIN_LATER || TRY_LATER_REASONS.has(reason)) return "later";
  if (code === CloseCodes.NORMAL) return reason === "IDLE_TIMEOUT" || reason === "HEARTBEAT_TIMEOUT" ? "normal" : "stop";
  if (code >= 4000 && code <= 4999) return "stop";
  return "normal";
}

/** The error code of a token failure, for the `stopped` event. */
export function tokenCode(connection: Connection, reason: string): string {
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

/** The pending reconnect attempt: its timer, the attempt count, and whether it waits for `online`. */
export class ReconnectSchedule {
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waitingForOnline = false;

  constructor(private readonly minDelayMs: number, private readonly maxDelayMs: number) {}

  /** After a welcome, or a fresh `connect()`: backoff starts over. */
  reset(): void {
    this.attempt = 0;
  }

  /**
   * Plans the next attempt: `run` after the backoff (at least `retryAfterMs`), or at `online` while
   * offline. Returns the `reconnecting` event.
   */
  schedule(kind: Backoff, retryAfterMs: number | undefined, offline: boolean, run: () => void): { attempt: number; delayMs: number } {
    const min = kind === "later" ? 4 * this.minDelayMs : this.minDelayMs;
    const delayMs = Math.max(fullJitterDelay(this.attempt, min, Math.max(min, this.maxDelayMs)), retryAfterMs ?? 0);
    this.attempt++;
    this.pause();
    if (offline) {
      this.waitingForOnline = true;
    } else {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        run();
      }, delayMs);
    }
    return { attempt: this.attempt, delayMs };
  }

  /** The next attempt waits for `online`. */
  waitForOnline(): void {
    this.waitingForOnline = true;
  }

  /** Back online: true (and the timer off) if an attempt was waiting for it. */
  takeOnline(): boolean {
    if (!this.waitingForOnline) {
      return false;
    }
    this.waitingForOnline = false;
    this.pause();
    return true;
  }

  /** The timer off; an attempt waiting for `online` still waits. */
  pause(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Nothing pending at all. */
  cancel(): void {
    this.pause();
    this.waitingForOnline = false;
  }
}
