// What the client does after each kind of close (the README's reconnect table), on a fake socket.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { GatehouseClient, type GatehouseClientOptions, type GatehouseEvents } from "@gatehouse/client";
import { FakeSocket, tokenExpiringAt } from "./fake-socket.js";
import { next, record, sleep, until } from "./harness.js";

const live = tokenExpiringAt(Math.floor(Date.now() / 1000) + 3600);
const expired = tokenExpiringAt(Math.floor(Date.now() / 1000) - 60);
const clients: GatehouseClient[] = [];

function fake(options: Partial<GatehouseClientOptions> = {}): GatehouseClient {
  const c = new GatehouseClient({ url: "ws://fake/ws", token: live, WebSocket: FakeSocket,
    reconnect: { minDelayMs: 10, maxDelayMs: 40 }, ...options } as GatehouseClientOptions);
  clients.push(c);
  return c;
}

async function connected(c: GatehouseClient): Promise<FakeSocket> {
  const before = FakeSocket.instances.length;
  const ready = c.connect();
  await until(() => FakeSocket.instances.length > before, 2000, "a socket");
  FakeSocket.last().welcome();
  await ready;
  return FakeSocket.last();
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map(c => c.close()));
});

async function stopsAfter(code: number, reason: string, options: Partial<GatehouseClientOptions> = {}): Promise<GatehouseEvents["stopped"]> {
  const c = fake(options);
  const socket = await connected(c);
  const sockets = FakeSocket.instances.length;
  const stopped = next(c, "stopped", 2000);
  socket.serverClose(code, reason);
  const event = await stopped;
  assert.equal(c.state, "closed");
  await sleep(150);
  assert.equal(FakeSocket.instances.length, sockets, "no new socket after the stop");
  return event;
}

async function reconnectsAfter(code: number, reason: string): Promise<GatehouseEvents["reconnecting"]> {
  const c = fake();
  const socket = await connected(c);
  const sockets = FakeSocket.instances.length;
  const reconnecting = next(c, "reconnecting", 2000);
  const close = next(c, "close", 2000);
  socket.serverClose(code, reason);
  assert.equal((await close).willReconnect, true);
  const event = await reconnecting;
  await until(() => FakeSocket.instances.length === sockets + 1, 2000, "a new socket");
  return event;
}

test("1000 and 4000-4999 closed by the server stay closed", async () => {
  await stopsAfter(1000, "LOGGED_OUT");
  await stopsAfter(1000, "");
  const banned = await stopsAfter(4001, "BANNED");
  assert.equal(banned.close?.code, 4001);
});

test("1000 IDLE_TIMEOUT and HEARTBEAT_TIMEOUT, 1001, 1006 and 1011 reconnect", async () => {
  await reconnectsAfter(1000, "IDLE_TIMEOUT");
  await reconnectsAfter(1000, "HEARTBEAT_TIMEOUT");
  const shutdown = await reconnectsAfter(1001, "SERVER_SHUTDOWN");
  assert.ok(shutdown.delayMs < 10, `1001: first attempt within the minimum delay, was ${shutdown.delayMs}`);
  await reconnectsAfter(1006, "");
  await reconnectsAfter(1011, "");
});

test("1013 backs off from four times the minimum delay", async () => {
  const delays: number[] = [];
  for (let i = 0; i < 30; i++) {
    delays.push((await reconnectsAfter(1013, "CONNECTION_LIMIT")).delayMs);
    await Promise.all(clients.splice(0).map(c => c.close()));
  }
  assert.ok(delays.every(d => d >= 0 && d < 40), String(delays));
  assert.ok(delays.some(d => d >= 10), "some delays beyond the plain minimum: " + delays);
});

test("a 1008 with a fixed token stops, naming the code", async () => {
  const stopped = await stopsAfter(1008, "TOKEN_EXPIRED");
  assert.equal(stopped.errorCode, "TOKEN_EXPIRED");
  assert.match(stopped.reason, /TOKEN_EXPIRED/);
});

test("a 1008 FORBIDDEN_ORIGIN stops without asking the token source (no token helps)", async () => {
  let asked = 0;
  const stopped = await stopsAfter(1008, "FORBIDDEN_ORIGIN", { token: undefined, getToken: async () => { asked++; return live; } });
  assert.match(stopped.reason, /FORBIDDEN_ORIGIN/);
  assert.equal(asked, 1, "asked before the connect only");
});

test("a 1008 whose token source returns the same token stops; a different one reconnects with it", async () => {
  const same = await stopsAfter(1008, "INVALID_TOKEN", { token: undefined, getToken: async () => live });
  assert.match(same.reason, /returned the refused token/);

  let calls = 0;
  const fresh = tokenExpiringAt(Math.floor(Date.now() / 1000) + 7200);
  const c = fake({ token: undefined, getToken: async () => (++calls === 1 ? live : fresh) });
  const socket = await connected(c);
  socket.serverClose(1008, "TOKEN_EXPIRED");
  await until(() => FakeSocket.last() !== socket, 2000, "a new socket");
  assert.deepEqual(FakeSocket.last().protocols, ["gatehouse.v1", "bearer." + fresh]);
  assert.equal(calls, 2, "the token source is asked once after the refusal, and that token is used");
});

test("a handshake refused unreadably (a browser) with an expired token is a token failure", async () => {
  const c = fake({ token: undefined, getToken: async () => expired });
  const events = record(c);
  const ready = c.connect();
  await until(() => FakeSocket.instances.length > 0 && FakeSocket.last().protocols?.includes("bearer." + expired) === true, 2000);
  const count = FakeSocket.instances.length;
  const stopped = next(c, "stopped", 2000);
  FakeSocket.last().refuse();
  assert.equal((await stopped).errorCode, "TOKEN_EXPIRED");
  await assert.rejects(ready);
  await sleep(150);
  assert.equal(FakeSocket.instances.length, count, "one handshake only");
  assert.ok(!events.some(e => e.name === "reconnecting"));
});

test("a handshake failing unreadably with a live token (a server that is down) reconnects with backoff", async () => {
  let calls = 0;
  const c = fake({ token: undefined, getToken: async () => { calls++; return live; } });
  c.connect().catch(() => undefined);
  for (let i = 1; i <= 3; i++) {
    await until(() => calls === i && FakeSocket.last().readyState === 0, 2000, `attempt ${i}`);
    const reconnecting = next(c, "reconnecting", 2000);
    FakeSocket.last().refuse();
    assert.equal((await reconnecting).attempt, i);
  }
  assert.equal(c.state, "reconnecting");
});

test("the application's policy decides a server's close when it answers", async () => {
  const c = fake({ reconnect: { minDelayMs: 10, maxDelayMs: 40, shouldReconnect: ({ code }) => (code === 4001 ? true : undefined) } });
  const socket = await connected(c);
  const reconnecting = next(c, "reconnecting", 2000);
  socket.serverClose(4001, "MOVED");
  await reconnecting;
});

test("with reconnect: false a dropped connection stays closed", async () => {
  await stopsAfter(1006, "", { reconnect: false });
});
