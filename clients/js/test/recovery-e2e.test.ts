// Recovery against the real server (PROTOCOL §3.6), its network failed by the proxy while a sender
// sends a numbered frame to the room every 50 ms: after a cut and after a black hole every number
// arrives once and in order; beyond the history, recovered: false and never a silent gap; five
// disconnects in a row, no duplicates; a restarted server (in-memory history), epoch_changed; and
// the user's stream of direct frames recovered the same way.
// Each scenario prints one RECOVERY line with its counts.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Proxy } from "./proxy.js";
import { RecoveryRun } from "./recovery-run.js";
import { TestServer, closeAll, next, sleep, until } from "./harness.js";

/** Small heartbeats, so that a black hole is noticed within the test's patience. */
const HEARTBEAT = { "gatehouse.heartbeat.interval": "1s" };
const SCENARIO = 180_000;

describe("with a history large enough for every outage", () => {
  let server: TestServer;
  let proxy: Proxy;
  before(async () => {
    server = await TestServer.start({ ...HEARTBEAT, "gatehouse.history.rooms": "chat:*", "gatehouse.history.users": "true",
      "gatehouse.history.size": "2000", "gatehouse.history.age": "10m", "gatehouse.history.recovery-limit": "1000" });
    proxy = await Proxy.start(() => server.port);
  });
  after(async () => { await closeAll(); await proxy?.close(); await server?.stop(); });

  test("after a 3 s cut every number arrives exactly once, in order, and the room is recovered", { timeout: SCENARIO }, async () => {
    const run = await RecoveryRun.start(server, proxy, "chat:cut");
    run.startSending();
    await until(() => run.numbers().length >= 20, 30_000, "20 numbers before the cut");
    proxy.cut(3_000);
    const recovery = await run.recoveryAfter(0);
    assert.equal(recovery.recovered, true, JSON.stringify(recovery));
    assert.ok(recovery.replayed > 0, "frames sent during the cut were replayed");
    await sleep(1_000);
    await run.finish();
    run.counts("cut 3s");
    run.assertExactlyOnceInOrder();
    assert.equal(run.receiver.recovered("chat:cut"), true);
    assert.deepEqual(run.receiver.roomPosition("chat:cut")?.offset, run.sent);
  });

  test("after a 4 s black hole, noticed by the heartbeat, every number arrives exactly once, in order, and the room is recovered",
    { timeout: SCENARIO }, async () => {
      const run = await RecoveryRun.start(server, proxy, "chat:hole");
      run.startSending();
      await until(() => run.numbers().length >= 20, 30_000, "20 numbers before the black hole");
      const closed = next(run.receiver, "close", 60_000);
      proxy.blackHole(4_000);
      assert.equal((await closed).reason, "HEARTBEAT_TIMEOUT");
      const recovery = await run.recoveryAfter(0);
      assert.equal(recovery.recovered, true, JSON.stringify(recovery));
      await sleep(1_000);
      await run.finish();
      run.counts("black hole 4s");
      run.assertExactlyOnceInOrder();
    });

  test("the user's stream: after a 3 s cut every direct frame arrives exactly once, in order, and the stream is recovered",
    { timeout: SCENARIO }, async () => {
      const run = await RecoveryRun.start(server, proxy, undefined);
      assert.equal(run.receiver.welcome?.recovery, true, "the welcome says the server keeps history");
      run.startSending();
      await until(() => run.numbers().length >= 20, 30_000, "20 direct frames before the cut");
      proxy.cut(3_000);
      const recovery = await run.recoveryAfter(0);
      assert.equal(recovery.user, "receiver");
      assert.equal(recovery.recovered, true, JSON.stringify(recovery));
      assert.ok(recovery.replayed > 0, "frames sent during the cut were replayed");
      await sleep(1_000);
      await run.finish();
      run.counts("user stream cut 3s");
      run.assertExactlyOnceInOrder();
      assert.deepEqual(run.receiver.userRecovery(), recovery);
      assert.equal(run.receiver.userPosition()?.offset, run.sent);
    });

  test("five disconnects in a row with frames flowing: no duplicates, none missing", { timeout: SCENARIO }, async () => {
    const run = await RecoveryRun.start(server, proxy, "chat:five");
    run.startSending();
    for (let i = 0; i < 5; i++) {
      await until(() => run.numbers().length >= 10 * (i + 1), 30_000, `numbers flowing before cut ${i + 1}`);
      proxy.cut(500 + 200 * i);
      const recovery = await run.recoveryAfter(i);
      assert.equal(recovery.recovered, true, JSON.stringify(recovery));
    }
    await sleep(1_000);
    await run.finish();
    run.counts("five cuts");
    run.assertExactlyOnceInOrder();
  });

  test("a restarted server (history in memory, one node) answers recovered: false, epoch_changed, and no gap is silent",
    { timeout: SCENARIO }, async () => {
      const run = await RecoveryRun.start(server, proxy, "chat:restart");
      run.startSending();
      await until(() => run.numbers().length >= 20, 30_000, "20 numbers before the restart");
      const epoch = run.receiver.roomPosition("chat:restart")?.epoch;
      await server.restart();
      const recovery = await run.recoveryAfter(0, 90_000);
      assert.equal(recovery.recovered, false);
      assert.equal(recovery.reason, "epoch_changed");
      assert.notEqual(recovery.epoch, epoch);
      assert.equal(run.receiver.recovered("chat:restart"), false);
      await until(() => run.numbers().length > 0 && run.numbers()[run.numbers().length - 1] > run.sent - 40, 60_000,
        "live numbers after the restart");
      await run.finish();
      run.counts("server restart");
      run.assertNoSilentGap();
      assert.equal(run.recoveries().length, 1);
    });
});

describe("with a small history", () => {
  let server: TestServer;
  let proxy: Proxy;
  before(async () => {
    server = await TestServer.start({ ...HEARTBEAT, "gatehouse.history.rooms": "chat:*,aged:*;age=1s",
      "gatehouse.history.size": "20", "gatehouse.history.age": "10m", "gatehouse.history.recovery-limit": "30" });
    proxy = await Proxy.start(() => server.port);
  });
  after(async () => { await closeAll(); await proxy?.close(); await server?.stop(); });

  test("missing more than the history holds: recovered: false (too_far_behind or expired), never a silent gap", { timeout: SCENARIO }, async () => {
    const run = await RecoveryRun.start(server, proxy, "chat:small");
    run.startSending();
    await until(() => run.numbers().length >= 10, 30_000, "10 numbers before the cut");
    proxy.cut(3_000); // some 60 frames at 50 ms: beyond 20 kept
    const recovery = await run.recoveryAfter(0);
    assert.equal(recovery.recovered, false, JSON.stringify(recovery));
    assert.ok(recovery.reason === "too_far_behind" || recovery.reason === "expired", `reason ${recovery.reason}`);
    assert.equal(recovery.replayed, 0, "never partial");
    await sleep(1_000);
    await run.finish();
    const counts = run.counts("beyond the history");
    run.assertNoSilentGap();
    assert.ok(counts.missing > 0, "the cut lost frames for this client");
    assert.equal(counts.duplicated, 0);
  });

  test("frames older than the history's age: recovered: false, expired, never a silent gap", { timeout: SCENARIO }, async () => {
    const run = await RecoveryRun.start(server, proxy, "aged:room");
    run.startSending();
    await until(() => run.numbers().length >= 10, 30_000, "10 numbers before the cut");
    proxy.cut(3_000);
    await sleep(250); // a few frames during the cut, then none: few enough to recover, but older than 1 s by then
    run.stopSending();
    const recovery = await run.recoveryAfter(0);
    assert.equal(recovery.recovered, false, JSON.stringify(recovery));
    assert.equal(recovery.reason, "expired");
    run.startSending();
    await sleep(1_000);
    await run.finish();
    const counts = run.counts("older than the age");
    run.assertNoSilentGap();
    assert.ok(counts.missing > 0, "the cut lost frames for this client");
    assert.equal(counts.duplicated, 0);
  });
});
