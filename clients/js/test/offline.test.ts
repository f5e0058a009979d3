// Browser networking events, simulated in Node: navigator.onLine and window's online/offline events.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { GatehouseClient } from "@gatehouse/client";
import { FakeSocket, tokenExpiringAt } from "./fake-socket.js";
import { next, sleep, until } from "./harness.js";

const network = new EventTarget();
const navigatorStub = { onLine: true };
const g = globalThis as any;

before(() => {
  Object.defineProperty(globalThis, "navigator", { value: navigatorStub, configurable: true, writable: true });
  g.addEventListener = network.addEventListener.bind(network);
  g.removeEventListener = network.removeEventListener.bind(network);
});

after(() => {
  delete g.addEventListener;
  delete g.removeEventListener;
});

function go(onLine: boolean): void {
  navigatorStub.onLine = onLine;
  network.dispatchEvent(new Event(onLine ? "online" : "offline"));
}

test("going offline drops the connection, no attempt is made while offline, and online reconnects at once", async () => {
  const c = new GatehouseClient({ url: "ws://fake/ws", token: tokenExpiringAt(Math.floor(Date.now() / 1000) + 3600),
    WebSocket: FakeSocket, reconnect: { minDelayMs: 5_000, maxDelayMs: 10_000 } });
  try {
    const ready = c.connect();
    await until(() => FakeSocket.instances.length === 1, 2000);
    FakeSocket.last().welcome("ws_1");
    await ready;

    const close = next(c, "close", 2000);
    go(false);
    assert.deepEqual(await close, { code: 1006, reason: "OFFLINE", remote: false, willReconnect: true });
    await sleep(300);
    assert.equal(FakeSocket.instances.length, 1, "no attempt while offline");
    assert.equal(c.state, "reconnecting");

    const started = Date.now();
    go(true);
    await until(() => FakeSocket.instances.length === 2, 2000, "an attempt on the online event");
    assert.ok(Date.now() - started < 1_000, "at once, not after the 5 s backoff");
    FakeSocket.last().welcome("ws_2");
    assert.equal((await c.ready).connectionId, "ws_2");
  } finally {
    await c.close();
  }
});

test("connect() while offline waits for the online event", async () => {
  navigatorStub.onLine = false;
  const before = FakeSocket.instances.length;
  const c = new GatehouseClient({ url: "ws://fake/ws", token: tokenExpiringAt(Math.floor(Date.now() / 1000) + 3600), WebSocket: FakeSocket });
  try {
    c.connect().catch(() => undefined);
    await sleep(200);
    assert.equal(FakeSocket.instances.length, before);
    go(true);
    await until(() => FakeSocket.instances.length === before + 1, 2000);
  } finally {
    await c.close();
  }
});
