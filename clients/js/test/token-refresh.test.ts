import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { tokenExpiry } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll, next, record, sleep } from "./harness.js";

// Tokens live 6 s; the server warns 4 s ahead of exp.
const LIFETIME = 6;
let server: TestServer;
// No clock skew: the server closes a session at its token's exp itself, not 30 s after it.
before(async () => { server = await TestServer.start({ "gatehouse.session.expiry-warning": "4s", "mp.jwt.verify.clock.skew": "0" }); });
after(async () => { await closeAll(); await server?.stop(); });

test("on session_expiring a fresh token from getToken goes in band: token_refreshed, the session outlives the first exp, no reconnect",
  { timeout: 60_000 }, async () => {
    const before = await server.handshakes();
    let calls = 0;
    const c = client(server, { getToken: async () => { calls++; return server.token("alice", calls === 1 ? LIFETIME : 600); } });
    const events = record(c);
    const welcome = await c.connect();
    const firstExp = welcome.tokenExpiresAt!;
    const expiring = await next(c, "session_expiring", SLOW);
    assert.equal(expiring.expiresAt.getTime(), firstExp.getTime());
    const refreshed = await next(c, "token_refreshed", SLOW);
    assert.ok(refreshed.expiresAt.getTime() > firstExp.getTime() + 60_000, "the new expiry is the new token's");
    assert.equal(c.tokenExpiresAt?.getTime(), refreshed.expiresAt.getTime());
    assert.equal(calls, 2, "asked before the connect and on session_expiring");

    await sleep(Math.max(0, firstExp.getTime() - Date.now()) + 2_000);
    assert.equal((await c.request("echo", { after: "exp" })).data.after, "exp");
    assert.equal(c.state, "ready");
    assert.equal(c.welcome?.connectionId, welcome.connectionId);
    assert.deepEqual(events.filter(e => ["close", "reconnecting", "error", "stopped"].includes(e.name)), []);
    const after = await server.handshakes();
    assert.equal(after.accepted - before.accepted, 1, "one handshake");
    assert.equal(after.refused - before.refused, 0);
  });

test("a fixed short-lived token expires mid-session: 1008 TOKEN_EXPIRED, stopped, and no further handshake", { timeout: 60_000 }, async () => {
  const before = await server.handshakes();
  const token = await server.token("bob", LIFETIME);
  const c = client(server, { token });
  const events = record(c);
  await c.connect();
  const stopped = await next(c, "stopped", SLOW);
  assert.equal(stopped.errorCode, "TOKEN_EXPIRED");
  assert.equal(stopped.close?.code, 1008);
  assert.equal(stopped.close?.reason, "TOKEN_EXPIRED");
  assert.ok(Date.now() >= tokenExpiry(token)!.getTime() - 1_000, "closed at the token's exp");
  assert.equal(c.state, "closed");
  await sleep(2_000);
  const after = await server.handshakes();
  assert.equal(after.accepted - before.accepted, 1);
  assert.equal(after.refused - before.refused, 0);
  assert.ok(!events.some(e => e.name === "reconnecting"), "never reconnected");
  assert.deepEqual(events.filter(e => e.name === "close").map(e => e.event),
    [{ code: 1008, reason: "TOKEN_EXPIRED", remote: true, willReconnect: false }]);
});

test("a getToken that only has the same token: no auth_refresh, then 1008 TOKEN_EXPIRED and stopped after exactly one handshake",
  { timeout: 60_000 }, async () => {
    const before = await server.handshakes();
    const token = await server.token("carol", LIFETIME);
    let calls = 0;
    const c = client(server, { getToken: async () => { calls++; return token; } });
    const events = record(c);
    await c.connect();
    const stopped = await next(c, "stopped", SLOW);
    assert.equal(stopped.errorCode, "TOKEN_EXPIRED");
    assert.match(stopped.reason, /returned the refused token/);
    assert.equal(calls, 3, "before the connect, on session_expiring, after the close");
    assert.ok(!events.some(e => e.name === "token_refreshed"));
    await sleep(2_000);
    const after = await server.handshakes();
    assert.equal(after.accepted - before.accepted, 1);
    assert.equal(after.refused - before.refused, 0);
  });

test("an auth_refresh the server refuses (another user's token) is an INVALID_TOKEN error event and the session keeps its expiry",
  { timeout: 60_000 }, async () => {
    let calls = 0;
    const c = client(server, { getToken: async () => (++calls === 1 ? server.token("dave", LIFETIME) : server.token("mallory", 600)) });
    const welcome = await c.connect();
    const error = await next(c, "error", SLOW);
    assert.equal(error.errorCode, "INVALID_TOKEN");
    assert.equal(c.tokenExpiresAt?.getTime(), welcome.tokenExpiresAt?.getTime());
    await c.close();
  });
