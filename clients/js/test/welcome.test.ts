import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SUBPROTOCOL, tokenExpiry } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start({ "gatehouse.heartbeat.interval": "7s" }); });
after(async () => { await closeAll(); await server?.stop(); });

test("connect() resolves with the welcome's fields, camelCase, and ready is the same welcome", { timeout: SLOW }, async () => {
  const token = await server.token("alice", 600);
  const c = client(server, { token });
  const started = Date.now();
  const welcome = await c.connect();
  assert.match(welcome.connectionId, /^ws_/);
  assert.equal(welcome.userId, "alice");
  assert.equal(welcome.tokenExpiresAt?.getTime(), tokenExpiry(token)?.getTime());
  assert.equal(welcome.heartbeatIntervalSeconds, 7);
  assert.equal(welcome.maxMessageSizeBytes, 65536);
  assert.equal(welcome.protocolVersion, 1);
  assert.ok(Math.abs(welcome.serverTime.getTime() - started) < SLOW, String(welcome.serverTime));
  assert.equal(welcome.data.event, "connection_established");
  assert.equal(c.state, "ready");
  assert.equal(c.protocol, SUBPROTOCOL);
  assert.equal(await c.ready, welcome);
  assert.equal(c.welcome, welcome);
  assert.equal(c.tokenExpiresAt?.getTime(), welcome.tokenExpiresAt?.getTime());
});

test("the token goes as a bearer.<jwt> subprotocol entry beside gatehouse.v1, and the server selects gatehouse.v1", { timeout: SLOW }, async () => {
  const token = await server.token("bob");
  let offered: string[] = [];
  let selected = "";
  const { default: WS } = await import("ws");
  class Spy extends WS {
    constructor(url: string, protocols: string[], options?: object) {
      super(url, protocols, options);
      offered = protocols;
      this.on("open", () => { selected = this.protocol; });
    }
  }
  const c = client(server, { token, WebSocket: Spy as any });
  await c.connect();
  assert.deepEqual(offered, [SUBPROTOCOL, "bearer." + token]);
  assert.equal(selected, SUBPROTOCOL);
});

test("with tokenIn 'header' the token goes as Authorization: Bearer (Node ws) and the welcome names the user", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("carol"), tokenIn: "header" });
  assert.equal((await c.connect()).userId, "carol");
});

test("getToken is asked before the connect", { timeout: SLOW }, async () => {
  let calls = 0;
  const token = await server.token("dave");
  const c = client(server, { getToken: async () => { calls++; return token; } });
  assert.equal((await c.connect()).userId, "dave");
  assert.equal(calls, 1);
});
