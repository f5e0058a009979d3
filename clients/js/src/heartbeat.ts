// The heartbeat (PROTOCOL §7): after a welcome, a protocol `ping` every heartbeat interval, and a
// silence check: nothing at all received for the interval plus the margin means the server is dead.
import { OPEN, type Connection } from "./connection.js";
import { FrameTypes } from "./protocol.js";

/** One connection's ping schedule and silence detection at a time. */
export class Heartbeat {
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private lastReceived = 0;

  constructor(private readonly marginMs: number) {}

  /** Something arrived from the server. */
  received(): void {
    this.lastReceived = Date.now();
  }

  /** Starts for a welcomed connection (nothing when the interval is 0); `onSilence` once the server counts as dead. */
  start(connection: Connection, intervalSeconds: number, onSilence: () => void): void {
    this.stop();
    if (!(intervalSeconds > 0)) {
      return;
    }
    const interval = intervalSeconds * 1000;
    const limit = interval + this.marginMs;
    this.pingTimer = setInterval(() => {
      if (connection.socket.readyState === OPEN) {
        connection.socket.send(JSON.stringify({ type: FrameTypes.PING }));
      }
    }, interval);
    const check = () => {
      const silentFor = Date.now() - this.lastReceived;
      if (silentFor >= limit) {
        onSilence();
      } else {
        this.silenceTimer = setTimeout(check, limit - silentFor);
      }
    };
    this.silenceTimer = setTimeout(check, limit);
  }

  stop(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.silenceTimer);
    this.pingTimer = undefined;
    this.silenceTimer = undefined;
  }
}
