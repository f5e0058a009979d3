import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { GatehouseClient, HeldFramesFullError, RequestTimeoutError, type Frame } from "@gatehouse/client";
import { FakeSocket } from "./fake-socket.js";
import { SLOW, TestServer, client, closeAll, until } from "./harness.js";

let server: TestServer;
before(async () => { server = await TestServer.start(); });
after(async () => { await closeAll(); await server?.stop(); });

test("frames sent before the welcome are held and sent in order right after it", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("alice") });
  const echoes: number[] = [];
  c.on("echo", frame => echoes.push(frame.data.n));
  for (let n = 1; n <= 20; n++) c.send("echo", { n });
  const answers: Promise<Frame>[] = [];
  for (let n = 21; n <= 25; n++) answers.push(c.request("echo", { n }));
  await c.connect();
  assert.deepEqual((await Promise.all(answers)).map(f => f.data.n), [21, 22, 23, 24, 25]);
  await until(() => echoes.length === 25, SLOW, "25 echoes");
  assert.deepEqual(echoes, Array.from({ length: 25 }, (_, i) => i + 1));
});

test("beyond maxHeldFrames, send fails at once with HeldFramesFullError and nothing held is lost", { timeout: SLOW }, async () => {
  const c = client(server, { token: await server.token("bob"), maxHeldFrames: 3 });
  const echoes: number[] = [];
  c.on("echo", frame => echoes.push(frame.data.n));
  c.send("echo", { n: 1 });
  c.send("echo", { n: 2 });
  c.send("echo", { n: 3 });
  assert.throws(() => c.send("echo", { n: 4 }), HeldFramesFullError);
  await assert.rejects(c.request("echo", { n: 5 }), HeldFramesFullError);
  await c.connect();
  await until(() => echoes.length === 3, SLOW, "3 echoes");
  assert.deepEqual(echoes, [1, 2, 3]);
  c.send("echo", { n: 6 }); // ready: sent at once, not held
  await until(() => echoes.length === 4, SLOW, "the 4th echo");
});

test("a request that timed out while held is not sent after the welcome, nor counts against maxHeldFrames", { timeout: SLOW }, async () => {
  const c = new GatehouseClient({ url: "ws://fake/ws", token: "t", WebSocket: FakeSocket, reconnect: false, maxHeldFrames: 1 });
  const timedOut = c.request("echo", { n: 1 }, { timeoutMs: 50 });
  await assert.rejects(timedOut, RequestTimeoutError);
  c.send("echo", { n: 2 }); // the bound is free again
  const sockets = FakeSocket.instances.length;
  const ready = c.connect();
  await until(() => FakeSocket.instances.length > sockets, SLOW, "a socket");
  FakeSocket.last().welcome();
  await ready;
  assert.deepEqual(FakeSocket.last().sent.map(text => JSON.parse(text).data.n), [2]);
  await c.close();
});
