// One recovery scenario against the real server: a receiver joins a room with history through the
// proxy, a sender connected directly sends `room.message {n}` (n = 1, 2, 3, …) to it every 50 ms,
// and the test fails the network in between; or, for the user's stream, the sender sends
// `user.message {n}` to the receiver's user. The run records what the receiver's application saw
// (numbers and room_recovery events, in order) and what came over its socket.
import assert from "node:assert/strict";
import WebSocket from "ws";
import type { GatehouseClient, RoomRecovery, WebSocketConstructor } from "@gatehouse/client";
import { Proxy } from "./proxy.js";
import { SLOW, TestServer, client, sleep, until } from "./harness.js";

export type Seen = { n: number } | { recovery: RoomRecovery };

/** A `ws` WebSocket that also counts every `room.message` number that came over the socket. */
function countingWebSocket(onWire: (n: number) => void): WebSocketConstructor {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[], options?: any) {
      super(url, protocols, options);
      this.on("message", (data: Buffer, binary: boolean) => {
        if (binary) return;
        const frame = JSON.parse(data.toString());
        if (frame.type === "room.message" || frame.type === "user.message") onWire(frame.data.n);
      });
    }
  } as unknown as WebSocketConstructor;
}

export class RecoveryRun {
  readonly seen: Seen[] = [];
  /** How often each number came over the receiver's sockets (duplicates the client dropped included). */
  readonly wire = new Map<number, number>();
  sent = 0;
  receiver!: GatehouseClient;
  sender!: GatehouseClient;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `room` is a Gatehouse room, or undefined for the receiver's user stream. */
  private constructor(readonly server: TestServer, readonly proxy: Proxy, readonly room: string | undefined) {}

  /**
   * Receiver (through the proxy, in the room) and sender (direct, ready) connected; nothing sent
   * yet. Without a room, the sender sends to the receiver's user.
   */
  static async start(server: TestServer, proxy: Proxy, room: string | undefined): Promise<RecoveryRun> {
    const run = new RecoveryRun(server, proxy, room);
    run.receiver = client(server, {
      url: proxy.url,
      token: await server.token("receiver", 600),
      WebSocket: countingWebSocket(n => run.wire.set(n, (run.wire.get(n) ?? 0) + 1)),
      heartbeatMarginMs: 1_500,
      connectTimeoutMs: 8_000,
      requestTimeoutMs: 20_000,
    });
    run.receiver.on(room === undefined ? "user.message" : "room.message", frame => run.seen.push({ n: frame.data.n }));
    run.receiver.onEvent("room_recovery", recovery => {
      if (room === undefined ? recovery.user !== undefined : recovery.room === room) run.seen.push({ recovery });
    });
    run.sender = client(server, { token: await server.token("sender", 600), maxHeldFrames: 5_000 });
    await run.receiver.connect();
    await run.sender.connect();
    if (room !== undefined) await run.receiver.joinRoom(room, { type: "room.join" });
    return run;
  }

  /** The sender sends the next number every 50 ms (held by its client while it reconnects). */
  startSending(): void {
    this.timer = setInterval(() => this.room === undefined
      ? this.sender.send("user.send", { user: "receiver", n: ++this.sent })
      : this.sender.send("room.send", { room: this.room, n: ++this.sent }), 50);
  }

  stopSending(): void {
    clearInterval(this.timer);
  }

  numbers(): number[] {
    return this.seen.flatMap(s => ("n" in s ? [s.n] : []));
  }

  recoveries(): RoomRecovery[] {
    return this.seen.flatMap(s => ("recovery" in s ? [s.recovery] : []));
  }

  /** Waits for the next room_recovery of the room after the given count of them. */
  async recoveryAfter(count: number, timeoutMs = 60_000): Promise<RoomRecovery> {
    await until(() => this.recoveries().length > count, timeoutMs, `room_recovery #${count + 1} of ${this.room}`);
    return this.recoveries()[count];
  }

  /** Stops the sender and waits until the receiver has the last number sent (or the time is up). */
  async finish(timeoutMs = SLOW): Promise<void> {
    this.stopSending();
    await until(() => this.sender.state === "ready", SLOW, "the sender ready");
    await sleep(200); // the last send leaves the sender's socket
    const last = this.sent;
    await until(() => this.numbers().includes(last), timeoutMs, `number ${last} at the receiver`).catch(() => undefined);
  }

  /** One line for the closing note: sent, received, duplicated (at the application; on the wire), missing. */
  counts(name: string): { received: number; duplicated: number; missing: number } {
    const numbers = this.numbers();
    const distinct = new Set(numbers);
    const duplicated = numbers.length - distinct.size;
    let missing = 0;
    for (let n = 1; n <= this.sent; n++) if (!distinct.has(n)) missing++;
    const wireDuplicates = [...this.wire.values()].reduce((sum, times) => sum + times - 1, 0);
    const recoveries = this.recoveries().map(r => r.recovered ? `true(${r.replayed})` : `false:${r.reason}`).join(",");
    console.log(`RECOVERY ${name}: sent=${this.sent} received=${distinct.size} duplicated=${duplicated}`
      + ` missing=${missing} dropped-by-client=${wireDuplicates} room_recovery=[${recoveries}]`);
    return { received: distinct.size, duplicated, missing };
  }

  /** Every number sent reached the application exactly once, in order, and every recovery recovered. */
  assertExactlyOnceInOrder(): void {
    const numbers = this.numbers();
    assert.deepEqual(numbers, Array.from({ length: this.sent }, (_, i) => i + 1), "every number once, in order");
    for (const recovery of this.recoveries()) {
      assert.equal(recovery.recovered, true, `recovered: ${JSON.stringify(recovery)}`);
    }
  }

  /**
   * No silent gap: numbers only ever increase, none twice, and wherever one is skipped, a
   * room_recovery with recovered: false came in between.
   */
  assertNoSilentGap(): void {
    let last = 0;
    let excused = false;
    for (const s of this.seen) {
      if ("recovery" in s) {
        excused = excused || !s.recovery.recovered;
        continue;
      }
      assert.ok(s.n > last, `number ${s.n} after ${last}: out of order or twice`);
      assert.ok(s.n === last + 1 || excused, `numbers ${last + 1}..${s.n - 1} skipped without a room_recovery saying so`);
      last = s.n;
      excused = false;
    }
  }
}
