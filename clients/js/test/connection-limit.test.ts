import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SLOW, TestServer, client, closeAll, next } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start({ "gatehouse.max-connections-per-user": "1" }); });
after(async () => { await closeAll(); await server?.stop(); });

test("a handshake refused with 429 CONNECTION_LIMIT backs off for at least its Retry-After, then connects", { timeout: 60_000 }, async () => {
  const first = client(server, { token: await server.token("alice") });
  await first.connect();
  const before = await server.handshakes();
  const second = client(server, { getToken: () => server.token("alice") });
  const closed = next(second, "close", SLOW);
  const reconnecting = next(second, "reconnecting", SLOW);
  const connected = second.connect();
  const close = await closed;
  assert.equal(close.httpStatus, 429);
  assert.equal(close.willReconnect, true);
  const backoff = await reconnecting;
  assert.ok(backoff.delayMs >= 5_000, `waits for Retry-After: 5, delay was ${backoff.delayMs} ms`);
  await first.close();
  const welcome = await connected;
  assert.equal(welcome.userId, "alice");
  const after = await server.handshakes();
  assert.equal(after.refused - before.refused, 1, "one refusal, then the wait");
  assert.equal(after.accepted - before.accepted, 1);
});
