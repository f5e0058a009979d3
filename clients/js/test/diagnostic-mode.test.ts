import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { SLOW, TestServer, client, closeAll, next, record, sleep } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start({ "gatehouse.handshake.mode": "diagnostic" }); });
after(async () => { await closeAll(); await server?.stop(); });

test("in diagnostic mode a dead token is an error_message and a 1008 close with its code: stopped after one handshake", { timeout: 60_000 }, async () => {
  const forged = await server.token("alice", 600, "forged");
  let sockets = 0;
  class Counting extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      sockets++;
    }
  }
  const c = client(server, { getToken: async () => forged, WebSocket: Counting as any });
  const events = record(c);
  const stopped = next(c, "stopped", SLOW);
  await assert.rejects(c.connect());
  const event = await stopped;
  assert.equal(event.errorCode, "INVALID_TOKEN");
  assert.deepEqual(event.close, { code: 1008, reason: "INVALID_TOKEN", remote: true, willReconnect: false });
  assert.deepEqual(events.filter(e => e.name === "error").map(e => (e.event as { errorCode: string }).errorCode), ["INVALID_TOKEN"]);
  await sleep(3_000);
  // Diagnostic-mode connections are not counted by the server's handshake meters: count the client's sockets.
  assert.equal(sockets, 1, "one handshake");
  assert.ok(!events.some(e => e.name === "reconnecting"));
});
