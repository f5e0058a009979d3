// members(room) against the real server (`room_members`, PROTOCOL §4; presence tracked for chat:*):
// one entry per connection, the room named as joined or as the Gatehouse room, answered in the
// connection's turn, and a room the connection is not in refused with ROOM_FORBIDDEN.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { GatehouseError } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start(); });
after(async () => { await closeAll(); await server?.stop(); });

const byConnection = (a: { connectionId: string }, b: { connectionId: string }) => a.connectionId.localeCompare(b.connectionId);

test("members lists every connection in the room", { timeout: SLOW }, async () => {
  const alice = client(server, { token: await server.token("alice") });
  const bob = client(server, { token: await server.token("bob") });
  const bobAgain = client(server, { token: await server.token("bob") });
  const [a, b, b2] = await Promise.all([alice.connect(), bob.connect(), bobAgain.connect()]);
  await bob.joinRoom("members", { gatehouseRoom: "chat:members" });
  await bobAgain.joinRoom("members", { gatehouseRoom: "chat:members" });
  await alice.joinRoom("members", { gatehouseRoom: "chat:members" });

  const expected = [
    { userId: "alice", connectionId: a.connectionId },
    { userId: "bob", connectionId: b.connectionId },
    { userId: "bob", connectionId: b2.connectionId },
  ].sort(byConnection);
  assert.deepEqual((await alice.members("members")).sort(byConnection), expected, "by the name joined");
  assert.deepEqual((await alice.members("chat:members")).sort(byConnection), expected, "by the Gatehouse room");

  // Asked before the join is answered: the answer follows the join.
  const joined = alice.joinRoom("kitchen", { gatehouseRoom: "chat:kitchen" });
  assert.deepEqual(await alice.members("kitchen"), [{ userId: "alice", connectionId: a.connectionId }]);
  await joined;
});

test("a room the connection is not in is refused with ROOM_FORBIDDEN", { timeout: SLOW }, async () => {
  const alice = client(server, { token: await server.token("alice") });
  await alice.connect();
  const error = await alice.members("chat:elsewhere").then(() => assert.fail("answered"), e => e);
  assert.ok(error instanceof GatehouseError);
  assert.equal(error.errorCode, "ROOM_FORBIDDEN");
  assert.equal(error.retryable, false);
  assert.equal(alice.state, "ready");
});
