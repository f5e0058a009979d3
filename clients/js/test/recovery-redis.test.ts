// The TypeScript client across two real Gatehouse nodes (ClientTestServer JVMs) on a real
// redis-server, history on for chat:* (PROTOCOL §3.6): the receiver reaches node B through the
// test's proxy (the load balancer) and is in chat:numbers; a sender connected to node A sends
// `room.send {n}` every 50 ms. Then B is killed (SIGKILL) and the proxy fails over to A; Redis is
// killed and started again, empty or from its append-only file; B's pub/sub connection is killed
// while Redis stays up. Each scenario prints one `RECOVERY ts <scenario>:` line with its counts.
// (The Java client's twin is redis/src/test/.../ClientRecoveryOverRedisIT.java.)
import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Proxy } from "./proxy.js";
import { RecoveryRun } from "./recovery-run.js";
import { RedisServer } from "./redis.js";
import { TestServer, closeAll, sleep, until } from "./harness.js";

const SCENARIO = 240_000;
const PATIENCE = 60_000;
const ROOM = "chat:numbers";
const SECRET = randomBytes(32).toString("base64url");
const CLUSTER_SECRET = randomBytes(32).toString("base64url");

/** Run after each test, last first: proxies, nodes, Redis. */
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await closeAll();
  for (const step of cleanup.splice(0).reverse()) {
    await step().catch(() => undefined);
  }
});

interface Cluster {
  a: TestServer;
  b: TestServer;
  proxy: Proxy;
  /** Where the proxy forwards new connections: B, until the test fails over. */
  target: TestServer;
  run: RecoveryRun;
  /** Welcomes of the receiver after its first. */
  reconnects: () => number;
}

/** Nodes A and B on the Redis, the proxy to B, the receiver in the room (through it) and the sender (on A). */
async function cluster(redis: RedisServer): Promise<Cluster> {
  const node = (id: string) => TestServer.start({
    "gatehouse.jwt.secret": SECRET, "gatehouse.cluster.redis.uri": redis.uri, "gatehouse.cluster.node-id": id,
    "gatehouse.cluster.secret": CLUSTER_SECRET, "gatehouse.cluster.node-ttl": "3s", "gatehouse.history.rooms": "chat:*",
    "gatehouse.history.timeout": "5s", // a busy machine: no "unavailable" from a slow read
  });
  const [a, b] = await Promise.all([node("a"), node("b")]);
  cleanup.push(() => a.stop(), () => b.stop());
  const c = { a, b, target: b } as Cluster;
  c.proxy = await Proxy.start(() => c.target.port);
  cleanup.push(() => c.proxy.close());
  await until(async () => await a.clusterConnected() && await b.clusterConnected(), PATIENCE, "both nodes connected to Redis");
  c.run = await RecoveryRun.start(a, c.proxy, ROOM);
  let welcomes = 0;
  c.run.receiver.onEvent("welcome", () => welcomes++);
  c.reconnects = () => welcomes;
  await until(async () => await redis.subscribers(`gatehouse:room:${ROOM}`) === 1, PATIENCE, "B subscribed to the room");
  return c;
}

async function moreNumbers(run: RecoveryRun, more: number): Promise<void> {
  const target = run.numbers().length + more;
  await until(() => run.numbers().length >= target, PATIENCE, `${more} more numbers at the receiver`);
}

describe("the TypeScript client across two nodes on a real Redis", () => {
  test("node B killed (SIGKILL), the proxy fails over to A: every number once, in order, recovered", { timeout: SCENARIO }, async () => {
    const redis = await RedisServer.start();
    cleanup.push(() => redis.close());
    const c = await cluster(redis);
    const { run } = c;
    const killedConnection = run.receiver.welcome!.connectionId;
    run.startSending();
    await moreNumbers(run, 20);

    await c.b.kill(); // its sockets die with it; the receiver's reconnects find nothing behind the proxy
    await sleep(1_000); // the load balancer's health check: about 20 numbers sent meanwhile
    c.target = c.a;
    const recovery = await run.recoveryAfter(0, PATIENCE);
    await moreNumbers(run, 20);
    await run.finish();

    run.counts("ts node killed");
    assert.equal(recovery.recovered, true, JSON.stringify(recovery));
    assert.ok(recovery.replayed > 0, "numbers sent while the receiver was away were replayed");
    run.assertExactlyOnceInOrder();
    assert.equal(run.receiver.recovered(ROOM), true);
    assert.ok(c.reconnects() >= 1);

    // Presence is at most once: the client asks. The killed node's members vanish within its TTL.
    const now = run.receiver.welcome!.connectionId;
    assert.notEqual(now, killedConnection);
    await until(async () => JSON.stringify(await run.receiver.members(ROOM).catch(() => []))
      === JSON.stringify([{ userId: "receiver", connectionId: now }]), PATIENCE, "the receiver's new connection alone in the room");
  });

  /**
   * Redis killed and started again on its port while numbers flow (`kept`: from its append-only
   * file); with `away` the receiver is cut off (its reconnects refused) from before the kill until
   * after the restart and comes back to B with its position. Without the file the sender goes on
   * throughout (numbers sent while Redis is down reach nobody, PROTOCOL §3.6 "Sending"); with it,
   * it pauses from the kill to the restart and Redis holds every number sent, so each one is due.
   */
  async function redisRestarted(scenario: string, away: boolean, kept: boolean): Promise<void> {
    const redis = kept ? await RedisServer.withAppendOnlyFile() : await RedisServer.start();
    cleanup.push(() => redis.close());
    const c = await cluster(redis);
    const { run } = c;
    run.startSending();
    await moreNumbers(run, 20);
    const before = run.receiver.roomPosition(ROOM)!;

    if (away) {
      c.proxy.cut(600_000); // until told otherwise
      await sleep(1_000); // about 20 numbers the receiver misses, in the history
    }
    if (kept) {
      run.stopSending();
      await until(async () => await redis.command("XLEN", `gatehouse:history:{room:${ROOM}}`) === run.sent, PATIENCE,
        "every number sent is in the history");
    }
    await redis.kill();
    await until(async () => !(await c.a.clusterConnected()) && !(await c.b.clusterConnected()), PATIENCE,
      "both nodes see Redis gone");
    await sleep(500); // an outage of some length: numbers sent meanwhile reach nobody
    await redis.restart();
    await until(async () => await c.a.clusterConnected() && await c.b.clusterConnected(), PATIENCE,
      "both nodes connected to Redis again");
    if (kept) run.startSending();
    if (away) c.proxy.cut(0); // the receiver gets through again, to B
    const recovery = await run.recoveryAfter(0, PATIENCE);
    await moreNumbers(run, 20);
    await run.finish();

    const counts = run.counts(`ts ${scenario}`);
    run.assertNoSilentGap(); // increasing, none twice, every skip after a recovered: false
    if (kept) {
      assert.equal(recovery.recovered, true, JSON.stringify(recovery));
      assert.ok(recovery.replayed > 0, JSON.stringify(recovery));
      run.assertExactlyOnceInOrder();
      assert.equal(run.receiver.roomPosition(ROOM)?.epoch, before.epoch);
    } else {
      assert.equal(recovery.recovered, false, JSON.stringify(recovery));
      assert.equal(recovery.reason, "epoch_changed");
      assert.ok(run.recoveries().every(r => !r.recovered), JSON.stringify(run.recoveries()));
      assert.ok(counts.missing > 0, "the outage lost numbers for this client");
      assert.notEqual(run.receiver.roomPosition(ROOM)?.epoch, before.epoch);
    }
    if (away) {
      assert.ok(c.reconnects() >= 1, "reconnected");
    } else {
      assert.equal(c.reconnects(), 0, "the receiver's connection never dropped");
    }
    const now = run.receiver.welcome!.connectionId;
    await until(async () => JSON.stringify(await run.receiver.members(ROOM).catch(() => []))
      === JSON.stringify([{ userId: "receiver", connectionId: now }]), PATIENCE, "the room's members after the restart: the receiver");
  }

  test("Redis restarted empty while the receiver was away: recovered: false, epoch_changed, never a silent gap",
    { timeout: SCENARIO }, () => redisRestarted("redis restarted empty (client away)", true, false));

  test("Redis restarted empty while the receiver stayed connected: recovered: false, epoch_changed, never a silent gap",
    { timeout: SCENARIO }, () => redisRestarted("redis restarted empty (client connected)", false, false));

  test("Redis restarted from its append-only file while the receiver was away: every number once, in order, recovered",
    { timeout: SCENARIO }, () => redisRestarted("redis restarted from its AOF (client away)", true, true));

  test("B's pub/sub connection killed three times while Redis stays up: no gap, no room_recovery", { timeout: SCENARIO }, async () => {
    const redis = await RedisServer.start();
    cleanup.push(() => redis.close());
    const c = await cluster(redis);
    const { run } = c;
    run.startSending();
    await moreNumbers(run, 20);
    const killed: number[] = [];
    for (let i = 0; i < 3; i++) {
      await until(async () => await redis.subscribers("gatehouse:all") === 2
        && await redis.subscribers(`gatehouse:room:${ROOM}`) === 1, PATIENCE, "B subscribed to all and to the room");
      killed.push(await redis.killSubscribers(2)); // B holds "all" and the room; A (the sender's node) only "all"
      await moreNumbers(run, 20);
    }
    await run.finish();

    run.counts(`ts pub/sub connection killed x3`);
    assert.deepEqual(killed, [1, 1, 1], "B's subscriber connection killed each time");
    run.assertExactlyOnceInOrder();
    assert.deepEqual(run.recoveries(), [], "no room_recovery: the node filled its gaps");
    assert.equal(c.reconnects(), 0, "the receiver's connection never dropped");
  });
});
