import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionClosedError } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll, record, sleep } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start(); });
after(async () => { await closeAll(); await server?.stop(); });

test("close() closes with 1000 and stays closed: pending requests reject, send throws, no reconnect", { timeout: SLOW }, async () => {
  const before = await server.handshakes();
  const c = client(server, { token: await server.token("alice") });
  await c.connect();
  const events = record(c);
  const pending = assert.rejects(c.request("slow", { ms: 5_000 }), ConnectionClosedError);
  await c.close();
  await pending;
  await assert.rejects(c.ready, ConnectionClosedError);
  assert.equal(c.state, "closed");
  assert.throws(() => c.send("echo", {}), ConnectionClosedError);
  await assert.rejects(c.request("echo"), ConnectionClosedError);
  await sleep(2_000);
  assert.deepEqual(events.filter(e => e.name !== "state").map(e => e.event),
    [{ code: 1000, reason: "", remote: false, willReconnect: false }]);
  assert.deepEqual(events.filter(e => e.name === "state").map(e => e.event), ["closed"]);
  const after = await server.handshakes();
  assert.equal(after.accepted - before.accepted, 1);
});

test("connect() after close() opens a new connection", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("bob") });
  const first = await c.connect();
  await c.close(1000, "BYE");
  const second = await c.connect();
  assert.notEqual(second.connectionId, first.connectionId);
  assert.equal((await c.request("echo", { again: true })).data.again, true);
});
