// Starts the real Gatehouse standalone server (src/test/java/.../ClientTestServer.java) from the
// class path Maven wrote, and lets a test stop it (SIGTERM: 1001 SERVER_SHUTDOWN), kill it
// (SIGKILL), restart it on the same port, or freeze it (SIGSTOP/SIGCONT). Run the tests through `mvn -pl clients/js verify`,
// which sets GATEHOUSE_TEST_CLASSPATH_FILE and GATEHOUSE_TEST_CLASSES.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { get as httpsGet } from "node:https";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";
import { GatehouseClient, type GatehouseClientOptions, type GatehouseEvents } from "@gatehouse/client";

/** Generous: a slow, shared 2-core machine. */
export const SLOW = 30_000;

function classPath(): string {
  const file = process.env.GATEHOUSE_TEST_CLASSPATH_FILE;
  const classes = process.env.GATEHOUSE_TEST_CLASSES;
  if (!file || !classes) {
    throw new Error("GATEHOUSE_TEST_CLASSPATH_FILE and GATEHOUSE_TEST_CLASSES are not set: run the tests with"
      + " `mvn -B -ntp -pl clients/js verify` (it builds the test server and writes its class path)");
  }
  return [classes, readFileSync(file, "utf8").trim()].join(":");
}

export class TestServer {
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  port = 0;
  private readonly secret: string;

  private constructor(private readonly properties: Record<string, string>, private readonly ca?: Buffer) {
    this.secret = properties["gatehouse.jwt.secret"] ?? randomBytes(32).toString("base64url");
  }

  /**
   * Starts a server; properties are system properties such as `gatehouse.heartbeat.interval`.
   * Without `gatehouse.jwt.secret` it gets a random one (nodes of one cluster share one, to accept
   * each other's tokens). With `gatehouse.tls.*` properties the server speaks TLS only: pass the CA
   * that signed its certificate, which the harness's own requests (tokens) trust.
   */
  static async start(properties: Record<string, string> = {}, ca?: Buffer): Promise<TestServer> {
    const server = new TestServer(properties, ca);
    await server.launch(0);
    return server;
  }

  get url(): string {
    return `${this.ca ? "wss" : "ws"}://127.0.0.1:${this.port}/ws`;
  }

  private async launch(port: number): Promise<void> {
    const props: Record<string, string> = { ...this.properties, "gatehouse.jwt.secret": this.secret, "gatehouse.port": String(port) };
    if (props["gatehouse.heartbeat.interval"] && !props["gatehouse.heartbeat.timeout"]) {
      props["gatehouse.heartbeat.timeout"] = props["gatehouse.heartbeat.interval"]; // must not exceed it
    }
    const args = [
      "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx128m",
      ...Object.entries(props).map(([k, v]) => `-D${k}=${v}`),
      "-cp", classPath(), "dev.gatehouse.clients.js.ClientTestServer",
    ];
    const child = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
    this.process = child;
    this.exited = new Promise(resolve => child.once("exit", () => resolve()));
    let output = "";
    child.stderr!.on("data", chunk => { output += chunk; });
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the test server did not start within 60 s:\n" + output)), 60_000);
      let seen = "";
      child.stdout!.on("data", chunk => {
        seen += chunk;
        const match = /PORT (\d+)/.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once("exit", code => {
        clearTimeout(timer);
        reject(new Error(`the test server exited with ${code}:\n${output}${seen}`));
      });
    });
  }

  /** SIGTERM: the server's stop closes every connection with 1001 SERVER_SHUTDOWN; waits for the exit. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    child.kill("SIGCONT");
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await this.exited;
    clearTimeout(killer);
  }

  /** SIGKILL: the server vanishes without closing anything (a crashed node); waits for the exit. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGKILL");
    await this.exited;
  }

  /** Whether the node's backplane is connected (to Redis, with `gatehouse.cluster.redis.uri`). */
  async clusterConnected(): Promise<boolean> {
    return (await this.get("/test/cluster")).connected === true;
  }

  /** Starts again on the same port with the same secret (tokens stay valid). */
  async restart(): Promise<void> {
    await this.stop();
    for (let i = 0; ; i++) {
      try {
        await this.launch(this.port);
        return;
      } catch (e) {
        if (i >= 5) throw e;
        await sleep(500); // the port may take a moment to be free again
      }
    }
  }

  /** SIGSTOP: the server falls silent without closing anything. */
  pause(): void {
    this.process?.kill("SIGSTOP");
  }

  resume(): void {
    this.process?.kill("SIGCONT");
  }

  private async get(path: string): Promise<any> {
    if (this.ca) {
      const ca = this.ca;
      return new Promise((resolve, reject) => {
        httpsGet(`https://127.0.0.1:${this.port}${path}`, { ca }, answer => {
          let body = "";
          answer.setEncoding("utf8").on("data", chunk => { body += chunk; }).on("end", () => {
            if (answer.statusCode !== 200) reject(new Error(`GET ${path}: ${answer.statusCode} ${body}`));
            else resolve(JSON.parse(body));
          });
        }).on("error", reject);
      });
    }
    const answer = await fetch(`http://127.0.0.1:${this.port}${path}`);
    if (!answer.ok) throw new Error(`GET ${path}: ${answer.status} ${await answer.text()}`);
    return answer.json();
  }

  /** A token for the user, valid for the given seconds; `expired` expired a minute ago; `forged` has a wrong signature. */
  async token(user: string, seconds = 300, kind: "valid" | "expired" | "forged" = "valid"): Promise<string> {
    return (await this.get(`/test/token?user=${encodeURIComponent(user)}&seconds=${seconds}&kind=${kind}`)).token;
  }

  /** The upgrade requests the server decided since it (re)started. */
  async handshakes(): Promise<{ accepted: number; refused: number }> {
    return this.get("/test/handshakes");
  }
}

/** A client on `ws` with quick reconnects, closed by `closeAll`. */
const clients: GatehouseClient[] = [];
export function client(server: TestServer, options: Partial<GatehouseClientOptions>): GatehouseClient {
  const c = new GatehouseClient({
    url: server.url,
    WebSocket: WebSocket,
    reconnect: { minDelayMs: 100, maxDelayMs: 1000 },
    ...options,
  } as GatehouseClientOptions);
  clients.push(c);
  return c;
}

export async function closeAll(): Promise<void> {
  await Promise.all(clients.splice(0).map(c => c.close()));
}

/** Resolves with the next event of that name, or rejects after the timeout. */
export function next<K extends keyof GatehouseEvents>(c: GatehouseClient, name: K, timeoutMs = SLOW,
  accept: (e: GatehouseEvents[K]) => boolean = () => true): Promise<GatehouseEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no '${name}' event within ${timeoutMs} ms`)); }, timeoutMs);
    const off = c.onEvent(name, e => {
      if (accept(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });
}

/** Records every event of a client, in order. */
export function record(c: GatehouseClient): Array<{ name: string; event: unknown }> {
  const events: Array<{ name: string; event: unknown }> = [];
  const names: Array<keyof GatehouseEvents> = ["welcome", "session_expiring", "token_refreshed", "error", "close",
    "reconnecting", "stopped", "member_joined", "member_left", "state"];
  for (const name of names) {
    c.onEvent(name, event => events.push({ name, event }));
  }
  return events;
}

/** Waits until the condition holds, polling. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = SLOW, what = "the condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export { sleep };
