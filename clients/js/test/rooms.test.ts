import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { GatehouseError } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll, next } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start(); });
after(async () => { await closeAll(); await server?.stop(); });

test("joinRoom before the welcome is sent right after it and resolves with the answer", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  const joined = c.joinRoom("early");
  assert.deepEqual(c.rooms(), ["early"]);
  await c.connect();
  const answer = await joined;
  assert.equal(answer.type, "chat.joined");
  assert.equal(answer.data.room, "early");
});

test("a join the server refuses rejects with ROOM_FORBIDDEN and the room is forgotten", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  await c.connect();
  const error = await c.joinRoom("no spaces").then(() => assert.fail("joined"), e => e);
  assert.ok(error instanceof GatehouseError);
  assert.equal(error.errorCode, "ROOM_FORBIDDEN");
  assert.deepEqual(c.rooms(), []);
});

test("joinRoom takes the application's own join frame; leaveRoom forgets the room", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  await c.connect();
  const answer = await c.joinRoom("custom", { type: "chat.join", data: { room: "custom-name" } });
  assert.equal(answer.data.room, "custom-name");
  assert.deepEqual(c.rooms(), ["custom"]);
  assert.equal(await c.leaveRoom("custom"), undefined);
  assert.deepEqual(c.rooms(), []);
});

test("presence: a member joining and leaving the room is a typed event", { timeout: SLOW }, async () => {
  const a = client(server, { token: await server.token("alice") });
  const b = client(server, { token: await server.token("bob") });
  await a.connect();
  const bWelcome = await b.connect();
  await a.joinRoom("presence");
  const joined = next(a, "member_joined", SLOW);
  await b.joinRoom("presence");
  assert.deepEqual(await joined, { room: "chat:presence", userId: "bob", connectionId: bWelcome.connectionId });
  const left = next(a, "member_left", SLOW);
  await b.close();
  assert.deepEqual(await left, { room: "chat:presence", userId: "bob", connectionId: bWelcome.connectionId });
});
