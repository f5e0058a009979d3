import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionClosedError } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll, next, record, sleep } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start(); });
after(async () => { await closeAll(); await server?.stop(); });

async function handshakesDuring(run: () => Promise<void>): Promise<{ accepted: number; refused: number }> {
  const before = await server.handshakes();
  await run();
  await sleep(3_000); // any further attempt would land in this window (reconnects start within 1 s here)
  const after = await server.handshakes();
  return { accepted: after.accepted - before.accepted, refused: after.refused - before.refused };
}

test("an expired token from a getToken that has no other: one refused handshake (401), stopped, connect() rejects", { timeout: 60_000 }, async () => {
  const expired = await server.token("alice", 60, "expired");
  let calls = 0;
  const counted = await handshakesDuring(async () => {
    const c = client(server, { getToken: async () => { calls++; return expired; } });
    const events = record(c);
    const stopped = next(c, "stopped", SLOW);
    await assert.rejects(c.connect(), ConnectionClosedError);
    const event = await stopped;
    assert.equal(event.errorCode, "TOKEN_EXPIRED");
    assert.equal(event.close?.httpStatus, 401);
    assert.equal(c.state, "closed");
    assert.ok(!events.some(e => e.name === "reconnecting"));
  });
  assert.deepEqual(counted, { accepted: 0, refused: 1 });
  assert.equal(calls, 2, "before the connect, and once after the refusal");
});

test("a fixed token with a wrong signature: one refused handshake, stopped with INVALID_TOKEN", { timeout: 60_000 }, async () => {
  const forged = await server.token("bob", 600, "forged");
  const counted = await handshakesDuring(async () => {
    const c = client(server, { token: forged });
    const stopped = next(c, "stopped", SLOW);
    await assert.rejects(c.connect());
    assert.equal((await stopped).errorCode, "INVALID_TOKEN");
  });
  assert.deepEqual(counted, { accepted: 0, refused: 1 });
});

test("a refused token followed by a different, valid one from getToken connects on the second handshake", { timeout: 60_000 }, async () => {
  const expired = await server.token("carol", 60, "expired");
  const valid = await server.token("carol", 600);
  let calls = 0;
  const counted = await handshakesDuring(async () => {
    const c = client(server, { getToken: async () => (++calls === 1 ? expired : valid) });
    assert.equal((await c.connect()).userId, "carol");
    await c.close();
  });
  assert.deepEqual(counted, { accepted: 1, refused: 1 });
});
