// Drives the demo page (built on the TypeScript client) in headless Chromium. Run by DemoPageInChromiumIT:
//   PLAYWRIGHT_CORE=<path to playwright-core> node demo-page.cjs <page url with #token=> <screenshot.png> <chromium>
// Prints "STEP <name>" as each step passes and "DONE" at the end; exits 1 with the page's log on a failure.
"use strict";
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const [url, screenshot, executablePath] = process.argv.slice(2);
const TIMEOUT = 30_000;

const text = (page, selector) => page.$eval(selector, e => e.textContent);
const logLines = page => page.$$eval("#log div", all => all.map(d => d.textContent));
const countIn = (lines, needle) => lines.filter(l => l.startsWith("\u2190 ") && l.includes(needle)).length;

async function waitFor(page, what, predicate) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    if (await predicate()) {
      console.log("STEP " + what);
      return;
    }
    if (Date.now() > deadline) {
      throw new Error("timed out: " + what + "\nstatus: " + await text(page, "#status")
        + "\nmembers: " + await text(page, "#members") + "\nlog:\n" + (await logLines(page)).join("\n"));
    }
    await page.waitForTimeout(100);
  }
}

(async () => {
  const browser = await chromium.launch({ executablePath, headless: true });
  let page;
  try {
    const context = await browser.newContext();
    page = await context.newPage();
    const errors = [];
    page.on("pageerror", e => errors.push(String(e)));
    // Resource failures are judged by their responses below; the page probes /demo/token without a user (400).
    page.on("console", m => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
    const expectedFailure = u => (u.pathname === "/demo/token" && !u.searchParams.has("user")) || u.pathname === "/favicon.ico";
    context.on("response", r => r.status() >= 400 && !expectedFailure(new URL(r.url())) && errors.push(r.status() + " " + r.url()));
    await page.goto(url);

    await waitFor(page, "welcome", async () => (await text(page, "#status")) === "connected as demo (subprotocol gatehouse.v1)"
      && countIn(await logLines(page), '"connection_established"') === 1);

    await page.fill("#room", "lobby");
    await page.click("#join");
    await waitFor(page, "joined", async () => (await text(page, "#members")) === "Members: lobby: demo");

    await page.fill("#text", "hello from chromium");
    await page.click("#send");
    await waitFor(page, "chat message", async () => countIn(await logLines(page), '"text":"hello from chromium"') === 1);

    await page.fill("#text", "echo me");
    await page.click("#echo");
    await waitFor(page, "echo", async () => (await logLines(page)).some(l => l.startsWith("\u2190 ") && l.includes('"type":"echo"') && l.includes("echo me")));

    await page.click("#ping");
    await waitFor(page, "pong", async () => countIn(await logLines(page), '"type":"pong"') >= 1);

    // A second user in the same room, minted by "Connect as": presence shows both.
    const other = await context.newPage();
    await other.goto(new URL("/", url).toString());
    await other.fill("#user", "bob");
    await other.click("#mint");
    await waitFor(other, "bob connected", async () => (await text(other, "#status")).startsWith("connected as bob"));
    await other.fill("#room", "lobby");
    await other.click("#join");
    await waitFor(page, "presence: bob joined", async () => (await text(page, "#members")) === "Members: lobby: bob, demo");
    await other.close();
    await waitFor(page, "presence: bob left", async () => (await text(page, "#members")) === "Members: lobby: demo");

    await context.setOffline(true);
    await waitFor(page, "offline", async () => (await logLines(page)).some(l => l.startsWith("closed 1006 OFFLINE")));
    await page.waitForTimeout(1_000);
    await context.setOffline(false);
    await waitFor(page, "reconnected", async () => countIn(await logLines(page), '"connection_established"') === 2
      && (await text(page, "#status")).startsWith("connected as demo"));
    await waitFor(page, "room re-joined", async () => countIn(await logLines(page), '"type":"chat.joined"') === 2
      && (await text(page, "#members")).startsWith("Members: lobby: demo"));

    await page.fill("#text", "after the reconnect");
    await page.click("#send");
    await waitFor(page, "chat after the reconnect", async () => countIn(await logLines(page), '"text":"after the reconnect"') === 1);
    if (errors.length) throw new Error("errors in the page: " + errors.join("\n"));
    console.log("DONE");
  } finally {
    if (page) {
      await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    }
    await browser.close();
  }
})().catch(e => {
  console.error(e);
  process.exit(1);
});
