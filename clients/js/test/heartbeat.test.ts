import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SLOW, TestServer, client, closeAll, next, until } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start({ "gatehouse.heartbeat.interval": "1s" }); });
after(async () => { server?.resume(); await closeAll(); await server?.stop(); });

test("the client pings every heartbeat interval and the server's pongs keep it ready", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice"), heartbeatMarginMs: 2_000 });
  const pongs: number[] = [];
  c.on("pong", () => pongs.push(Date.now()));
  const welcome = await c.connect();
  assert.equal(welcome.heartbeatIntervalSeconds, 1);
  await until(() => pongs.length >= 3, SLOW, "three pongs");
  assert.equal(c.state, "ready");
  await c.close();
});

test("a silent server (SIGSTOP) is dropped after the interval plus the margin, and the client reconnects when it answers again",
  { timeout: 90_000 }, async () => {
    const c = client(server, { token: await server.token("bob"), heartbeatMarginMs: 2_000, connectTimeoutMs: 4_000 });
    const first = await c.connect();
    const close = next(c, "close", SLOW);
    server.pause();
    const paused = Date.now();
    let closed;
    try {
      closed = await close;
    } finally {
      setTimeout(() => server.resume(), 1_000);
    }
    assert.deepEqual(closed, { code: 1006, reason: "HEARTBEAT_TIMEOUT", remote: false, willReconnect: true });
    assert.ok(Date.now() - paused >= 2_000, "not before the interval plus the margin");
    const welcome = await next(c, "welcome", 60_000);
    assert.notEqual(welcome.connectionId, first.connectionId);
    assert.equal((await c.request("echo", { back: true })).data.back, true);
  });
