import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { RequestTimeoutError } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll, until } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start(); });
after(async () => { await closeAll(); await server?.stop(); });

test("no answer within timeoutMs rejects with RequestTimeoutError; the late answer goes to on() only", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  await c.connect();
  const late: unknown[] = [];
  c.on("slow.done", f => late.push(f.data));
  const started = Date.now();
  const error = await c.request("slow", { ms: 2000 }, { timeoutMs: 300 }).then(() => assert.fail("resolved"), e => e);
  assert.ok(error instanceof RequestTimeoutError, String(error));
  assert.equal(error.timeoutMs, 300);
  assert.ok(Date.now() - started < 2000, "rejected before the answer came");
  await until(() => late.length === 1, SLOW, "the late answer");
  assert.equal(c.state, "ready");
  assert.equal((await c.request("echo", { still: "open" })).data.still, "open");
});

test("a slow answer within the timeout resolves", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice"), requestTimeoutMs: 20_000 });
  await c.connect();
  assert.equal((await c.request("slow", { ms: 300 })).type, "slow.done");
});
