// Recovery in a real browser: headless Chromium (Debian's /usr/bin/chromium, or
// GATEHOUSE_TEST_CHROMIUM) driven by playwright-core loads a page that imports the built client,
// joins a room with history through the proxy and counts the numbered frames a sender (Node,
// direct) sends every 50 ms; the proxy cuts the page's connection for 3 s. Every number arrives
// once, in order, and the room is recovered. A missing Chromium fails, naming the package.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { accessSync, constants, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import type { GatehouseClient, RoomRecovery } from "@gatehouse/client";
import { Proxy } from "./proxy.js";
import { TestServer, client, closeAll, sleep, until } from "./harness.js";

const CHROMIUM = process.env.GATEHOUSE_TEST_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ROOM = "chat:browser";

/** The page: the client from /gatehouse-client/, its settings from the URL's fragment, its counts on `window`. */
const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>recovery</title></head><body>
<script type="module">
  import { GatehouseClient } from '/gatehouse-client/index.js';
  const { url, token, room } = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  const seen = window.seen = [];
  window.welcomes = 0;
  const client = new GatehouseClient({ url, token, heartbeatMarginMs: 1500, connectTimeoutMs: 8000,
    reconnect: { minDelayMs: 100, maxDelayMs: 1000 } });
  client.on('room.message', f => seen.push({ n: f.data.n }));
  client.onEvent('room_recovery', r => seen.push({ recovery: r }));
  client.onEvent('welcome', () => { window.welcomes++; });
  await client.connect();
  await client.joinRoom(room, { type: 'room.join' });
  window.joined = true;
</script></body></html>`;

function chromiumPath(): string {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium),`
      + " or set GATEHOUSE_TEST_CHROMIUM to a Chromium executable");
  }
  return CHROMIUM;
}

/** Serves the page at / and the built client (dist/) at /gatehouse-client/. */
async function pageServer(): Promise<http.Server> {
  const dist = new URL("../dist/", import.meta.url);
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const file = /^\/gatehouse-client\/([a-z-]+\.js)$/.exec(path);
    if (path === "/") {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(PAGE);
    } else if (file) {
      try {
        const body = readFileSync(new URL(file[1], dist));
        response.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  return server;
}

let server: TestServer;
let proxy: Proxy;
let pages: http.Server;
let browser: Browser | undefined;

before(async () => {
  const executablePath = chromiumPath();
  server = await TestServer.start({ "gatehouse.heartbeat.interval": "1s", "gatehouse.history.rooms": "chat:*",
    "gatehouse.history.size": "2000", "gatehouse.history.age": "10m", "gatehouse.history.recovery-limit": "1000" });
  proxy = await Proxy.start(() => server.port);
  pages = await pageServer();
  browser = await chromium.launch({ executablePath, headless: true, args: FLAGS, timeout: 120_000 });
});

after(async () => {
  await browser?.close();
  await closeAll();
  await proxy?.close();
  await new Promise(resolve => pages ? pages.close(resolve) : resolve(undefined));
  await server?.stop();
});

type Seen = { n: number } | { recovery: RoomRecovery };

test("in Chromium, after a 3 s cut every number arrives exactly once, in order, and the room is recovered", { timeout: 240_000 }, async () => {
  const page: Page = await browser!.newPage();
  const errors: string[] = [];
  page.on("pageerror", e => errors.push(String(e)));
  const settings = { url: proxy.url, token: await server.token("browser", 600), room: ROOM };
  await page.goto(`http://127.0.0.1:${(pages.address() as AddressInfo).port}/#${encodeURIComponent(JSON.stringify(settings))}`);
  const seen = () => page.evaluate(() => (window as any).seen as Seen[]);
  await until(async () => (await page.evaluate(() => (window as any).joined === true)) || errors.length > 0, 60_000, "the page joined");
  assert.deepEqual(errors, []);

  const sender: GatehouseClient = client(server, { token: await server.token("sender", 600), maxHeldFrames: 5_000 });
  await sender.connect();
  let sent = 0;
  const timer = setInterval(() => sender.send("room.send", { room: ROOM, n: ++sent }), 50);
  try {
    await until(async () => (await seen()).length >= 20, 30_000, "20 numbers before the cut");
    proxy.cut(3_000);
    await until(async () => (await seen()).some(s => "recovery" in s), 60_000, "the page's room_recovery");
    await sleep(1_000);
  } finally {
    clearInterval(timer);
  }
  await sleep(200);
  await until(async () => (await seen()).some(s => "n" in s && s.n === sent), 30_000, `number ${sent} in the page`)
    .catch(() => undefined);

  const all = await seen();
  const numbers = all.flatMap(s => ("n" in s ? [s.n] : []));
  const recoveries = all.flatMap(s => ("recovery" in s ? [s.recovery] : []));
  const distinct = new Set(numbers);
  let missing = 0;
  for (let n = 1; n <= sent; n++) if (!distinct.has(n)) missing++;
  console.log(`RECOVERY chromium cut 3s: sent=${sent} received=${distinct.size} duplicated=${numbers.length - distinct.size}`
    + ` missing=${missing} room_recovery=[${recoveries.map(r => r.recovered ? `true(${r.replayed})` : `false:${r.reason}`).join(",")}]`
    + ` welcomes=${await page.evaluate(() => (window as any).welcomes)}`);
  assert.deepEqual(errors, []);
  assert.deepEqual(numbers, Array.from({ length: sent }, (_, i) => i + 1), "every number once, in order");
  assert.equal(recoveries.length, 1);
  assert.equal(recoveries[0].recovered, true);
  assert.ok(recoveries[0].replayed > 0, "frames sent during the cut were replayed");
});
