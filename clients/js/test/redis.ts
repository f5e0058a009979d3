// A real redis-server for the cross-node tests, on 127.0.0.1 and a free port, without persistence
// or with an append-only file (appendfsync always): it can be killed (SIGKILL) and started again on
// the same port, and asked a command (RESP). The binary is $GATEHOUSE_TEST_REDIS_SERVER, else
// /usr/bin/redis-server, else the first on the PATH; a missing one fails the test, naming the
// Debian package, and never skips it. (The Java twin is redis/src/test/.../RedisServer.java.)
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, openSync, closeSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

function binary(): string {
  const candidates = [process.env.GATEHOUSE_TEST_REDIS_SERVER, "/usr/bin/redis-server",
    ...(process.env.PATH ?? "").split(path.delimiter).map(dir => path.join(dir, "redis-server"))]
    .filter((c): c is string => !!c);
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // the next one
    }
  }
  throw new Error("No redis-server binary: install the Debian package redis-server (apt-get install redis-server),"
    + ` or set GATEHOUSE_TEST_REDIS_SERVER=/path/to/redis-server (looked at ${candidates.join(", ")})`);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

/** One RESP value read from `text` (latin1, so one byte per character) at `at`; undefined when incomplete. */
function parse(text: string, at: number): [unknown, number] | undefined {
  const end = text.indexOf("\r\n", at);
  if (end < 0) return undefined;
  const line = text.slice(at + 1, end);
  switch (text[at]) {
    case "+": return [line, end + 2];
    case "-": return [new Error(line), end + 2];
    case ":": return [Number(line), end + 2];
    case "$": {
      const length = Number(line);
      if (length < 0) return [null, end + 2];
      if (text.length < end + 2 + length + 2) return undefined;
      return [text.slice(end + 2, end + 2 + length), end + 2 + length + 2];
    }
    case "*": {
      const count = Number(line);
      const items: unknown[] = [];
      let next = end + 2;
      for (let i = 0; i < count; i++) {
        const item = parse(text, next);
        if (!item) return undefined;
        items.push(item[0]);
        next = item[1];
      }
      return [items, next];
    }
    default: throw new Error(`not RESP: ${JSON.stringify(text.slice(at, at + 40))}`);
  }
}

export class RedisServer {
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly reaper = () => this.process?.kill("SIGKILL");

  private constructor(private readonly binary: string, readonly port: number, private readonly dataDir: string | undefined) {
    process.once("exit", this.reaper);
  }

  /** Starts a server without persistence: restarted, it is empty. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(binary(), await freePort(), undefined);
    await server.restart();
    return server;
  }

  /**
   * Starts a server that writes every command to an append-only file before answering it
   * (appendfsync always), in a fresh directory under target/redis-data, and reloads it when started
   * again after `kill`: nothing it answered is lost.
   */
  static async withAppendOnlyFile(): Promise<RedisServer> {
    const found = binary();
    mkdirSync("target/redis-data", { recursive: true });
    const server = new RedisServer(found, await freePort(), path.resolve(mkdtempSync("target/redis-data/aof-")));
    await server.restart();
    return server;
  }

  get uri(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the process (again, after `kill`) on the same port and waits until it answers PING. */
  async restart(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--protected-mode", "no",
      "--daemonize", "no"];
    args.push(...(this.dataDir === undefined ? ["--appendonly", "no"]
      : ["--appendonly", "yes", "--appendfsync", "always", "--dir", this.dataDir]));
    mkdirSync("target/redis-logs", { recursive: true });
    const log = openSync(`target/redis-logs/redis-${this.port}.log`, "a");
    const child = spawn(this.binary, args, { stdio: ["ignore", log, log] });
    closeSync(log);
    this.process = child;
    this.exited = new Promise(resolve => child.once("exit", () => resolve()));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`redis-server exited with ${child.exitCode}; see target/redis-logs/redis-${this.port}.log`);
      }
      if (await this.command("PING").then(r => r === "PONG", () => false)) return;
      await sleep(20);
    }
    throw new Error(`redis-server did not answer on port ${this.port} within 10 s`);
  }

  /** SIGKILL: the server vanishes without closing anything politely; waits for the exit. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGKILL");
    await this.exited;
  }

  async close(): Promise<void> {
    await this.kill();
    process.off("exit", this.reaper);
  }

  /** Sends one command on a connection of its own; resolves with the reply (an error reply rejects). */
  command(...args: string[]): Promise<any> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, "127.0.0.1");
      let text = "";
      const timer = setTimeout(() => { socket.destroy(); reject(new Error(`Redis ${args[0]}: no answer in 2 s`)); }, 2_000);
      socket.on("error", e => { clearTimeout(timer); reject(e); });
      socket.on("connect", () => {
        socket.write(`*${args.length}\r\n` + args.map(a => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(""));
      });
      socket.on("data", chunk => {
        text += chunk.toString("latin1");
        const reply = parse(text, 0);
        if (reply) {
          clearTimeout(timer);
          socket.destroy();
          if (reply[0] instanceof Error) reject(reply[0]); else resolve(reply[0]);
        }
      });
    });
  }

  /** How many connections subscribe the channel (PUBSUB NUMSUB). */
  async subscribers(channel: string): Promise<number> {
    const reply = await this.command("PUBSUB", "NUMSUB", channel) as [string, number];
    return reply[1];
  }

  /** Kills the pub/sub connections that hold exactly `subscriptions` subscriptions; resolves with how many. */
  async killSubscribers(subscriptions: number): Promise<number> {
    const list = await this.command("CLIENT", "LIST", "TYPE", "pubsub") as string;
    let killed = 0;
    for (const line of list.split("\n")) {
      const id = /(?:^| )id=(\d+) /.exec(line)?.[1];
      if (id !== undefined && line.includes(` sub=${subscriptions} `)) {
        killed += await this.command("CLIENT", "KILL", "ID", id) as number;
      }
    }
    return killed;
  }
}
