// A TCP proxy between a client and the test server that can fail the network two ways:
// `cut` resets every socket and refuses new connections for a while (a dropped link, a restarted
// load balancer); `blackHole` forwards nothing in either direction for a while, sockets kept open
// and closes held back (a link that silently stops carrying packets; only heartbeats notice).
import net from "node:net";

interface Pair {
  client: net.Socket;
  server: net.Socket | undefined;
  /** Bytes from the client before the server side is connected (or while black-holed). */
  pending: Buffer[];
}

export class Proxy {
  private readonly pairs = new Set<Pair>();
  private refusingUntil = 0;
  private blackHoleUntil = 0;
  private blackHoleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Work waiting for the black hole to end: forwarding resumed, held closes passed on. */
  private afterBlackHole: Array<() => void> = [];
  private readonly listener: net.Server;
  /** How many client connections were accepted and forwarded, refused, reset. */
  readonly counts = { accepted: 0, refused: 0, reset: 0 };

  private constructor(private readonly target: () => number) {
    this.listener = net.createServer(socket => this.accept(socket));
  }

  /** Listens on a free port of 127.0.0.1, forwarding to the target port (read at each connection). */
  static async start(target: () => number): Promise<Proxy> {
    const proxy = new Proxy(target);
    await new Promise<void>(resolve => proxy.listener.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.listener.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** Resets every socket (both sides) now and refuses (resets) new connections for the given time. */
  cut(ms: number): void {
    this.refusingUntil = Date.now() + ms;
    for (const pair of [...this.pairs]) {
      this.counts.reset++;
      this.reset(pair);
    }
  }

  /** Forwards nothing, either way, for the given time; sockets stay open, closes wait for the end. */
  blackHole(ms: number): void {
    this.blackHoleUntil = Date.now() + ms;
    for (const pair of this.pairs) {
      pair.client.pause();
      pair.server?.pause();
    }
    clearTimeout(this.blackHoleTimer);
    this.blackHoleTimer = setTimeout(() => this.endBlackHole(), ms);
  }

  /** Connections open through the proxy now. */
  get open(): number {
    return this.pairs.size;
  }

  async close(): Promise<void> {
    clearTimeout(this.blackHoleTimer);
    this.afterBlackHole = [];
    for (const pair of [...this.pairs]) this.reset(pair);
    await new Promise<void>(resolve => this.listener.close(() => resolve()));
  }

  private get blackHoled(): boolean {
    return Date.now() < this.blackHoleUntil;
  }

  private endBlackHole(): void {
    this.blackHoleUntil = 0;
    const work = this.afterBlackHole.splice(0);
    for (const pair of this.pairs) {
      pair.client.resume();
      pair.server?.resume();
    }
    for (const run of work) run();
  }

  private accept(client: net.Socket): void {
    if (Date.now() < this.refusingUntil) {
      this.counts.refused++;
      client.on("error", () => undefined);
      client.resetAndDestroy();
      return;
    }
    this.counts.accepted++;
    const pair: Pair = { client, server: undefined, pending: [] };
    this.pairs.add(pair);
    client.on("error", () => undefined);
    client.on("data", chunk => {
      if (pair.server && pair.server.readyState === "open") {
        pair.server.write(chunk);
      } else {
        pair.pending.push(chunk);
      }
    });
    client.on("close", () => this.whenForwarding(() => this.end(pair)));
    if (this.blackHoled) {
      client.pause(); // a connection opened in a black hole: its bytes go nowhere until the end
      this.afterBlackHole.push(() => this.connectServer(pair));
    } else {
      this.connectServer(pair);
    }
  }

  private connectServer(pair: Pair): void {
    if (pair.client.destroyed || !this.pairs.has(pair)) {
      this.pairs.delete(pair);
      return;
    }
    const server = net.connect(this.target(), "127.0.0.1");
    pair.server = server;
    server.on("error", () => undefined);
    server.on("connect", () => {
      for (const chunk of pair.pending.splice(0)) server.write(chunk);
      if (this.blackHoled) server.pause();
    });
    server.on("data", chunk => {
      if (!pair.client.destroyed) pair.client.write(chunk);
    });
    server.on("close", () => this.whenForwarding(() => this.end(pair)));
    if (this.blackHoled) pair.client.pause();
  }

  /** Runs now, or once the black hole ends: a close is news that a black hole does not carry. */
  private whenForwarding(run: () => void): void {
    if (this.blackHoled) {
      this.afterBlackHole.push(run);
    } else {
      run();
    }
  }

  /** One side closed: the other gets what was sent before, then the end (as over a working network). */
  private end(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.end();
    pair.server?.end();
  }

  private reset(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    if (pair.server && !pair.server.destroyed) pair.server.resetAndDestroy();
  }
}
