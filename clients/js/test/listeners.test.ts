// A listener that throws is reported and does not break the client or the other listeners.
import { test } from "node:test";
import assert from "node:assert/strict";
import { GatehouseClient } from "@gatehouse/client";
import { FakeSocket, tokenExpiringAt } from "./fake-socket.js";
import { until } from "./harness.js";

test("a throwing listener is reported on console.error; the other listeners and the client carry on", async () => {
  const reported: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => { reported.push(args); };
  const c = new GatehouseClient({ url: "ws://fake/ws", token: tokenExpiringAt(Math.floor(Date.now() / 1000) + 3600), WebSocket: FakeSocket });
  try {
    const seen: string[] = [];
    c.onEvent("welcome", () => { throw new Error("listener bug"); });
    c.onEvent("welcome", w => seen.push("welcome " + w.connectionId));
    c.on("echo", () => { throw new Error("another bug"); });
    c.on("echo", f => seen.push("echo " + f.data.n));
    const ready = c.connect();
    await until(() => FakeSocket.instances.length > 0, 2000);
    const socket = FakeSocket.last();
    socket.welcome("ws_listeners");
    await ready;
    socket.message({ type: "echo", data: { n: 1 } });
    assert.deepEqual(seen, ["welcome ws_listeners", "echo 1"]);
    assert.equal(reported.length, 2);
    assert.equal(c.state, "ready");
  } finally {
    console.error = original;
    await c.close();
  }
});

test("an unsubscribed listener is not called again", async () => {
  const c = new GatehouseClient({ url: "ws://fake/ws", token: "t.t.t", WebSocket: FakeSocket });
  try {
    const states: string[] = [];
    const off = c.onEvent("state", s => states.push(s));
    c.connect().catch(() => undefined);
    off();
    await c.close();
    assert.deepEqual(states, ["connecting"]);
  } finally {
    await c.close();
  }
});
