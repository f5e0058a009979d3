import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { GatehouseError } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start(); });
after(async () => { await closeAll(); await server?.stop(); });

test("a handler that throws rejects with GatehouseError HANDLER_ERROR and the connection stays open", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  const welcome = await c.connect();
  const closes: unknown[] = [];
  c.onEvent("close", e => closes.push(e));
  const error = await c.request("fail", { x: 1 }).then(() => assert.fail("resolved"), e => e);
  assert.ok(error instanceof GatehouseError, String(error));
  assert.equal(error.errorCode, "HANDLER_ERROR");
  assert.equal(error.retryable, false, "a handler's failure is not retryable (PROTOCOL.md §3.4)");
  assert.equal(typeof error.details, "object");
  assert.ok(error.replyTo, "carries the request's id");
  assert.equal((await c.request("ping")).type, "pong");
  assert.equal((await c.request("echo", { after: "error" })).data.after, "error");
  assert.equal(c.state, "ready");
  assert.equal(c.welcome?.connectionId, welcome.connectionId);
  assert.deepEqual(closes, []);
});
