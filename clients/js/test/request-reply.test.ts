import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { type Frame } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll, sleep } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start(); });
after(async () => { await closeAll(); await server?.stop(); });

test("request resolves with the frame whose reply_to is its id", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  await c.connect();
  const [a, b] = await Promise.all([c.request("echo", { text: "a" }), c.request("echo", { text: "b" })]);
  assert.equal(a.type, "echo");
  assert.equal(a.data.text, "a");
  assert.equal(b.data.text, "b");
  assert.notEqual(a.replyTo, b.replyTo);
  assert.equal(typeof a.timestamp, "number");
  assert.equal(JSON.parse(a.text).reply_to, a.replyTo);
});

test("a protocol ping is answered by pong with the server time", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  await c.connect();
  const pong = await c.request("ping");
  assert.equal(pong.type, "pong");
  assert.ok(pong.data.server_time, JSON.stringify(pong.data));
});

test("on(type) sees every frame of that type until unsubscribed", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  await c.connect();
  const seen: Frame[] = [];
  const off = c.on("echo", f => seen.push(f));
  await c.request("echo", { n: 1 });
  off();
  await c.request("echo", { n: 2 });
  await sleep(100);
  assert.deepEqual(seen.map(f => f.data.n), [1]);
});

test("an unknown type rejects with UNKNOWN_TYPE and the error event reports it too", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  await c.connect();
  const errors: string[] = [];
  c.onEvent("error", e => errors.push(e.errorCode));
  await assert.rejects(c.request("no.such.type"), { name: "GatehouseError", errorCode: "UNKNOWN_TYPE" });
  assert.deepEqual(errors, ["UNKNOWN_TYPE"]);
});

test("a frame type the protocol does not allow is refused before sending", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  assert.throws(() => c.send("Not A Type"), TypeError);
});
