import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { type Frame, type PresenceEvent } from "@gatehouse/client";
import { SLOW, TestServer, client, closeAll, next, until } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start(); });
after(async () => { await closeAll(); await server?.stop(); });

test("a server that shuts down closes with 1001 SERVER_SHUTDOWN; the clients reconnect to it restarted, rooms re-joined, presence events sent",
  { timeout: 240_000 }, async () => {
    const alice = client(server, { getToken: () => server.token("alice"), reconnect: { minDelayMs: 200, maxDelayMs: 2_000 } });
    const bob = client(server, { getToken: () => server.token("bob"), reconnect: { minDelayMs: 200, maxDelayMs: 2_000 } });
    const joined: PresenceEvent[] = [];
    const aliceJoins: Frame[] = [];
    alice.onEvent("member_joined", e => joined.push(e));
    bob.onEvent("member_joined", e => joined.push(e));
    alice.on("chat.joined", f => aliceJoins.push(f));
    const [a1, b1] = await Promise.all([alice.connect(), bob.connect()]);
    assert.equal((await alice.joinRoom("lobby")).data.room, "lobby");
    const bobSeen = next(alice, "member_joined", SLOW, e => e.userId === "bob");
    assert.equal((await bob.joinRoom("lobby")).data.members, 2);
    assert.deepEqual(await bobSeen, { room: "chat:lobby", userId: "bob", connectionId: b1.connectionId });
    assert.deepEqual(alice.rooms(), ["lobby"]);

    const pending = assert.rejects(alice.request("slow", { ms: 60_000 }, { timeoutMs: 90_000 }),
      { name: "ConnectionClosedError", code: 1001, reason: "SERVER_SHUTDOWN" });
    const aliceClosed = next(alice, "close", SLOW);
    const bobClosed = next(bob, "close", SLOW);
    const stopping = server.stop();
    assert.deepEqual(await aliceClosed, { code: 1001, reason: "SERVER_SHUTDOWN", remote: true, willReconnect: true });
    assert.equal((await bobClosed).code, 1001);
    await stopping;
    await pending; // a request in flight on the closed connection rejects, and is not sent again
    assert.equal(alice.state, "reconnecting");
    joined.length = 0;

    const aliceBack = next(alice, "welcome", 60_000);
    const bobBack = next(bob, "welcome", 60_000);
    await server.restart();
    const [a2, b2] = await Promise.all([aliceBack, bobBack]);
    assert.notEqual(a2.connectionId, a1.connectionId);
    assert.notEqual(b2.connectionId, b1.connectionId);

    // Each re-joined: whoever re-joined second made the other see a member_joined with its new connection.
    await until(() => joined.length >= 1, SLOW, "a presence event after the restart");
    assert.ok(joined.some(e => e.room === "chat:lobby"
      && ((e.userId === "bob" && e.connectionId === b2.connectionId) || (e.userId === "alice" && e.connectionId === a2.connectionId))),
    JSON.stringify(joined));
    await until(() => aliceJoins.length === 2, SLOW, "alice's re-join answer");

    const message = new Promise<Frame>(resolve => alice.on("chat.message", resolve));
    bob.send("chat.send", { room: "lobby", text: "still here" });
    const received = await message;
    assert.equal(received.data.from, "bob");
    assert.equal(received.data.text, "still here");

    const left = next(alice, "member_left", SLOW);
    await bob.close();
    assert.deepEqual(await left, { room: "chat:lobby", userId: "bob", connectionId: b2.connectionId });
  });
