// Room history and recovery on the client's side (PROTOCOL §3.6, §7 "Recovery"), on a fake socket:
// positions, duplicates, the recover frame after a reconnect's welcome, room_recovery, leaving.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { GatehouseClient, type Frame, type GatehouseClientOptions, type RoomRecovery } from "@gatehouse/client";
import { FakeSocket } from "./fake-socket.js";
import { sleep, until } from "./harness.js";

const clients: GatehouseClient[] = [];

function fake(options: Partial<GatehouseClientOptions> = {}): GatehouseClient {
  const c = new GatehouseClient({ url: "ws://fake/ws", token: "t", WebSocket: FakeSocket,
    reconnect: { minDelayMs: 10, maxDelayMs: 40 }, ...options } as GatehouseClientOptions);
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map(c => c.close()));
});

/**
 * Waits for the client's next socket and welcomes it as a server that keeps history
 * (`config.recovery`); answers every join sent on it from then on.
 */
async function welcomed(c: GatehouseClient, before: number, connectionId: string): Promise<FakeSocket> {
  await until(() => FakeSocket.instances.length > before, 2000, "a socket");
  const socket = FakeSocket.last();
  answerJoins(socket);
  socket.welcome(connectionId, 0, { recovery: true });
  await c.ready;
  return socket;
}

async function connected(c: GatehouseClient, connectionId = "ws_1"): Promise<FakeSocket> {
  const before = FakeSocket.instances.length;
  void c.connect();
  return welcomed(c, before, connectionId);
}

/** The network drops the socket; resolves with the next one, welcomed. */
async function reconnected(c: GatehouseClient, socket: FakeSocket, connectionId: string): Promise<FakeSocket> {
  const before = FakeSocket.instances.length;
  socket.serverClose(1006);
  return welcomed(c, before, connectionId);
}

/** Plays the application: every join frame (`*.join` with an id) is answered with `<prefix>.joined`. */
function answerJoins(socket: FakeSocket): void {
  const send = socket.send.bind(socket);
  socket.send = (text: string) => {
    send(text);
    const frame = JSON.parse(text);
    if (typeof frame.type === "string" && frame.type.endsWith(".join") && frame.id !== undefined) {
      queueMicrotask(() => socket.message({ type: frame.type + "ed", reply_to: frame.id, data: frame.data }));
    }
  };
}

function roomFrame(socket: FakeSocket, room: string, epoch: string, offset: number): void {
  socket.message({ type: "room.message", data: { n: offset, epoch }, room, epoch, offset });
}

function recoveryEvent(socket: FakeSocket, data: Record<string, unknown>): void {
  socket.message({ type: "system_message", data: { event: "room_recovery", ...data } });
}

/** What the application's listeners saw of `room.message`, as `epoch:n`. */
function shown(c: GatehouseClient): string[] {
  const seen: string[] = [];
  c.on("room.message", frame => seen.push(`${frame.data.epoch}:${frame.data.n}`));
  return seen;
}

const sentFrames = (socket: FakeSocket) => socket.sent.map(text => JSON.parse(text));

test("a room's position advances with each of its frames; the user's stream has its own", async () => {
  const c = fake();
  const seen = shown(c);
  const socket = await connected(c);
  await c.joinRoom("r1", { type: "room.join" });
  assert.equal(c.roomPosition("r1"), undefined, "no frame yet");
  for (let offset = 1; offset <= 3; offset++) roomFrame(socket, "r1", "e1", offset);
  socket.message({ type: "room.message", data: { n: 99, epoch: "none" } }); // no position: passes, changes nothing
  assert.deepEqual(c.roomPosition("r1"), { epoch: "e1", offset: 3 });
  socket.message({ type: "dm", data: {}, user: "alice", epoch: "u1", offset: 7 });
  assert.deepEqual(c.userPosition(), { epoch: "u1", offset: 7 });
  assert.deepEqual(c.roomPosition("r1"), { epoch: "e1", offset: 3 });
  assert.deepEqual(seen, ["e1:1", "e1:2", "e1:3", "none:99"]);
});

test("a frame whose offset is not past the held one of the same epoch is dropped before any listener; a new epoch replaces the position", async () => {
  const c = fake();
  const seen = shown(c);
  const everyFrame: Frame[] = [];
  c.onEvent("frame", frame => everyFrame.push(frame));
  const socket = await connected(c);
  await c.joinRoom("r1", { type: "room.join" });
  const before = everyFrame.length;
  for (const offset of [1, 2, 2, 1, 3]) roomFrame(socket, "r1", "e1", offset);
  roomFrame(socket, "r1", "e2", 1); // the history was lost: offsets begin again
  roomFrame(socket, "r1", "e2", 1);
  roomFrame(socket, "r1", "e2", 2);
  assert.deepEqual(seen, ["e1:1", "e1:2", "e1:3", "e2:1", "e2:2"]);
  assert.equal(everyFrame.length - before, 5, "the frame event does not see duplicates either");
  assert.deepEqual(c.roomPosition("r1"), { epoch: "e2", offset: 2 });

  const direct: number[] = [];
  c.on("dm", frame => direct.push(frame.offset!));
  for (const offset of [4, 4, 5, 3, 6]) socket.message({ type: "dm", data: {}, user: "alice", epoch: "u1", offset });
  assert.deepEqual(direct, [4, 5, 6]);
});

test("after a reconnect's welcome, recover states the joined rooms' and the user's positions and the previous connection, before the re-joins and the held frames", async () => {
  const c = fake();
  const socket = await connected(c, "ws_first");
  await c.joinRoom("r1", { type: "room.join" });
  await c.joinRoom("r2", { type: "room.join" }); // joined, but nothing received from it: no position
  roomFrame(socket, "r1", "e1", 41);
  roomFrame(socket, "r1", "e1", 42);
  roomFrame(socket, "elsewhere", "e9", 5); // a room the client did not join itself: not stated
  socket.message({ type: "dm", data: {}, user: "alice", epoch: "u1", offset: 3 });

  const before = FakeSocket.instances.length;
  socket.serverClose(1006);
  await until(() => c.state === "reconnecting", 2000, "reconnecting");
  c.send("held", { n: 1 });
  const next = await welcomed(c, before, "ws_second");
  await until(() => next.sent.length >= 4, 2000, "four frames");
  const [recover, join1, join2, held] = sentFrames(next);
  assert.deepEqual(recover, { type: "recover", data: {
    rooms: { r1: { epoch: "e1", offset: 42 } },
    user: { epoch: "u1", offset: 3 },
    previous_connection_id: "ws_first",
  } });
  assert.deepEqual([join1.type, join1.data, join2.type, join2.data], ["room.join", { room: "r1" }, "room.join", { room: "r2" }]);
  assert.deepEqual(held, { type: "held", data: { n: 1 } });
  assert.equal(next.sent.length, 4);
});

test("a server that keeps history (config.recovery) gets recover after every welcome, first thing, even with no position", async () => {
  const c = fake();
  c.send("held", { n: 1 });
  const joined = c.joinRoom("r1", { type: "room.join" });
  void c.connect();
  await until(() => FakeSocket.instances.length > 0 && FakeSocket.last().onmessage !== null, 2000, "a socket");
  const first = FakeSocket.last();
  answerJoins(first);
  first.welcome("ws_1", 0, { recovery: true });
  await joined;
  assert.equal(c.welcome?.recovery, true);
  assert.deepEqual(sentFrames(first).map(f => f.type), ["recover", "room.join", "held"]);
  assert.deepEqual(sentFrames(first)[0], { type: "recover", data: {} });

  const before = FakeSocket.instances.length;
  first.serverClose(1006);
  await until(() => FakeSocket.instances.length > before, 2000, "a socket");
  const second = FakeSocket.last();
  answerJoins(second);
  second.welcome("ws_2", 0, { recovery: true });
  await c.ready;
  assert.deepEqual(sentFrames(second)[0], { type: "recover", data: { previous_connection_id: "ws_1" } });
});

test("a server without history (no config.recovery in its welcome) is never sent recover, even with a position held", async () => {
  const c = fake();
  const before = FakeSocket.instances.length;
  void c.connect();
  await until(() => FakeSocket.instances.length > before, 2000, "a socket");
  const first = FakeSocket.last();
  answerJoins(first);
  first.welcome("ws_first");
  await c.ready;
  await c.joinRoom("r1", { type: "room.join" });
  roomFrame(first, "r1", "e1", 1);
  const again = FakeSocket.instances.length;
  first.serverClose(1006);
  await until(() => FakeSocket.instances.length > again, 2000, "a socket");
  const second = FakeSocket.last();
  answerJoins(second);
  second.welcome("ws_second");
  await until(() => second.sent.length >= 1, 2000, "the re-join");
  await sleep(20);
  assert.deepEqual(sentFrames(first).map(f => f.type), ["room.join"]);
  assert.deepEqual(sentFrames(second).map(f => f.type), ["room.join"]);
});

test("a second disconnect does not replay the first one's frames: the replay advanced the position", async () => {
  const c = fake();
  const seen = shown(c);
  const first = await connected(c, "ws_1");
  await c.joinRoom("r1", { type: "room.join" });
  for (let offset = 1; offset <= 3; offset++) roomFrame(first, "r1", "e1", offset);

  const second = await reconnected(c, first, "ws_2");
  assert.deepEqual(sentFrames(second)[0].data.rooms, { r1: { epoch: "e1", offset: 3 } });
  roomFrame(second, "r1", "e1", 4); // the replay
  roomFrame(second, "r1", "e1", 5);
  recoveryEvent(second, { room: "r1", recovered: true, replayed: 2, epoch: "e1", offset: 5 });
  roomFrame(second, "r1", "e1", 6); // live

  const third = await reconnected(c, second, "ws_3");
  assert.deepEqual(sentFrames(third)[0].data, { rooms: { r1: { epoch: "e1", offset: 6 } }, previous_connection_id: "ws_2" });
  for (const offset of [5, 6, 7]) roomFrame(third, "r1", "e1", offset); // a server replaying too much shows nothing twice
  recoveryEvent(third, { room: "r1", recovered: true, replayed: 1, epoch: "e1", offset: 7 });
  assert.deepEqual(seen, ["e1:1", "e1:2", "e1:3", "e1:4", "e1:5", "e1:6", "e1:7"]);
});

test("room_recovery with recovered: true sets the room's position, recovered(room) and the event", async () => {
  const c = fake();
  const events: RoomRecovery[] = [];
  c.onEvent("room_recovery", e => events.push(e));
  const socket = await connected(c);
  await c.joinRoom("r1", { type: "room.join" });
  assert.equal(c.recovered("r1"), undefined);
  roomFrame(socket, "r1", "e1", 1);
  const again = await reconnected(c, socket, "ws_2");
  recoveryEvent(again, { room: "r1", recovered: true, replayed: 0, epoch: "e1", offset: 1 });
  const expected: RoomRecovery = { room: "r1", recovered: true, replayed: 0, epoch: "e1", offset: 1 };
  assert.deepEqual(events, [expected]);
  assert.equal(c.recovered("r1"), true);
  assert.deepEqual(c.recovery("r1"), expected);
  assert.deepEqual(c.roomPosition("r1"), { epoch: "e1", offset: 1 });
});

test("room_recovery with recovered: false takes the event's position, records the reason, and later frames pass", async () => {
  const c = fake();
  const seen = shown(c);
  const events: RoomRecovery[] = [];
  c.onEvent("room_recovery", e => events.push(e));
  const socket = await connected(c);
  await c.joinRoom("r1", { type: "room.join" });
  roomFrame(socket, "r1", "e1", 50);
  const again = await reconnected(c, socket, "ws_2");
  recoveryEvent(again, { room: "r1", recovered: false, reason: "epoch_changed", replayed: 0, epoch: "e2", offset: 10 });
  roomFrame(again, "r1", "e2", 10); // at the event's position: already covered by it
  roomFrame(again, "r1", "e2", 11);
  assert.deepEqual(events, [{ room: "r1", recovered: false, reason: "epoch_changed", replayed: 0, epoch: "e2", offset: 10 }]);
  assert.equal(c.recovered("r1"), false);
  assert.equal(c.recovery("r1")?.reason, "epoch_changed");
  assert.deepEqual(c.roomPosition("r1"), { epoch: "e2", offset: 11 });
  assert.deepEqual(seen, ["e1:50", "e2:11"]);

  // While connected: a gap the server could not fill is an event too, never silence.
  recoveryEvent(again, { room: "r1", recovered: false, reason: "expired", replayed: 0, epoch: "e2", offset: 40 });
  assert.equal(c.recovery("r1")?.reason, "expired");
  assert.deepEqual(c.roomPosition("r1"), { epoch: "e2", offset: 40 });
});

test("a room_recovery without a position (the server could not read the history) leaves none: the next frame's is taken", async () => {
  const c = fake();
  const seen = shown(c);
  const socket = await connected(c);
  await c.joinRoom("r1", { type: "room.join" });
  roomFrame(socket, "r1", "e1", 30);
  recoveryEvent(socket, { room: "r1", recovered: false, reason: "unavailable", replayed: 0 });
  assert.deepEqual(c.recovery("r1"), { room: "r1", recovered: false, reason: "unavailable", replayed: 0 });
  assert.equal(c.roomPosition("r1"), undefined);
  roomFrame(socket, "r1", "e1", 12); // whatever comes next is taken
  assert.deepEqual(c.roomPosition("r1"), { epoch: "e1", offset: 12 });
  assert.deepEqual(seen, ["e1:30", "e1:12"]);
});

test("a room_recovery of the user's stream sets the user's position and userRecovery()", async () => {
  const c = fake();
  const socket = await connected(c);
  socket.message({ type: "dm", data: {}, user: "alice", epoch: "u1", offset: 2 });
  const events: RoomRecovery[] = [];
  c.onEvent("room_recovery", e => events.push(e));
  const again = await reconnected(c, socket, "ws_2");
  assert.deepEqual(sentFrames(again)[0], { type: "recover", data: { user: { epoch: "u1", offset: 2 }, previous_connection_id: "ws_1" } });
  recoveryEvent(again, { user: "alice", recovered: true, replayed: 3, epoch: "u1", offset: 5 });
  assert.deepEqual(events, [{ user: "alice", recovered: true, replayed: 3, epoch: "u1", offset: 5 }]);
  assert.deepEqual(c.userPosition(), { epoch: "u1", offset: 5 });
  assert.deepEqual(c.userRecovery(), events[0]);
});

test("leaving a room forgets its position and recovery: the next reconnect states none, and joining it again is a fresh join", async () => {
  const c = fake();
  const socket = await connected(c);
  await c.joinRoom("r1", { type: "room.join" });
  await c.joinRoom("r2", { type: "room.join" });
  roomFrame(socket, "r1", "e1", 8);
  roomFrame(socket, "r2", "e1", 9);
  recoveryEvent(socket, { room: "r1", recovered: false, reason: "expired", replayed: 0, epoch: "e1", offset: 8 });
  await c.leaveRoom("r1");
  assert.equal(c.roomPosition("r1"), undefined);
  assert.equal(c.recovered("r1"), undefined);

  const again = await reconnected(c, socket, "ws_2");
  assert.deepEqual(sentFrames(again)[0].data, { rooms: { r2: { epoch: "e1", offset: 9 } }, previous_connection_id: "ws_1" });
  await c.joinRoom("r1", { type: "room.join" });
  assert.equal(c.roomPosition("r1"), undefined);
});

test("gatehouseRoom: a room joined under the application's name is recovered by its Gatehouse room", async () => {
  const c = fake();
  const socket = await connected(c);
  await c.joinRoom("lobby", { gatehouseRoom: "chat:lobby" }); // chat.join {room: "lobby"}
  roomFrame(socket, "chat:lobby", "e1", 3);
  assert.deepEqual(c.roomPosition("lobby"), { epoch: "e1", offset: 3 });
  assert.deepEqual(c.roomPosition("chat:lobby"), { epoch: "e1", offset: 3 });
  const again = await reconnected(c, socket, "ws_2");
  const [recover, join] = sentFrames(again);
  assert.deepEqual(recover.data.rooms, { "chat:lobby": { epoch: "e1", offset: 3 } });
  assert.deepEqual([join.type, join.data], ["chat.join", { room: "lobby" }]);
  recoveryEvent(again, { room: "chat:lobby", recovered: true, replayed: 0, epoch: "e1", offset: 3 });
  assert.equal(c.recovered("lobby"), true);
  await c.leaveRoom("lobby");
  assert.equal(c.roomPosition("chat:lobby"), undefined);
});

test("a re-join the server refuses forgets the room's position", async () => {
  const c = fake();
  const socket = await connected(c);
  await c.joinRoom("r1", { type: "room.join" });
  roomFrame(socket, "r1", "e1", 1);
  const before = FakeSocket.instances.length;
  socket.serverClose(1006);
  await until(() => FakeSocket.instances.length > before, 2000, "a socket");
  const again = FakeSocket.last();
  const send = again.send.bind(again);
  again.send = (text: string) => {
    send(text);
    const frame = JSON.parse(text);
    if (frame.type === "room.join") {
      queueMicrotask(() => again.message({ type: "error_message", reply_to: frame.id,
        data: { error_code: "ROOM_FORBIDDEN", error_message: "no", retryable: false } }));
    }
  };
  again.welcome("ws_2", 0, { recovery: true });
  await until(() => c.rooms().length === 0, 2000, "the refused room forgotten");
  assert.equal(c.roomPosition("r1"), undefined);
});
