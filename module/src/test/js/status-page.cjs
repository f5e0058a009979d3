// Opens Gatehouse's /status in headless Chromium, waits until every chart has data, takes a
// screenshot, and prints what the page plotted. Run by StatusPageInChromiumIT:
//   PLAYWRIGHT_CORE=<path to playwright-core> node status-page.cjs <url> <screenshot.png> <chromium>
// Output lines: "SCREENSHOT <path>" and "STATUS <json>"; exit 1 when the charts got no data.
"use strict";
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const [url, screenshot, executablePath] = process.argv.slice(2);

// Every chart plotted something, and the rate charts saw traffic (a rate above zero).
function chartsHaveData() {
  const s = window.gatehouseStatus;
  return s && s.points >= 10 && Object.keys(s.charts).length > 0
    && Object.values(s.charts).every(c => c.points > 0)
    && ["connections", "handshakes", "frames", "welcome"].every(id => s.charts[id].max > 0);
}

async function report(page, errors) {
  const status = await page.evaluate(() => window.gatehouseStatus);
  const canvases = await page.$$eval("canvas", all => Object.fromEntries(all.map(c => [c.id, Number(c.dataset.points)])));
  console.log("STATUS " + JSON.stringify({ ...status, canvases, errors }));
}

(async () => {
  const browser = await chromium.launch({ executablePath, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = [];
    page.on("pageerror", e => errors.push(String(e)));
    page.on("console", m => m.type() === "error" && errors.push(m.text()));
    page.on("request", r => new URL(r.url()).origin !== new URL(url).origin && errors.push("external: " + r.url()));
    await page.goto(url);
    try {
      await page.waitForFunction(chartsHaveData, null, { timeout: 30_000, polling: 250 });
    } finally {
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log("SCREENSHOT " + screenshot);
      await report(page, errors);
    }
  } finally {
    await browser.close();
  }
})().catch(e => {
  console.error(e);
  process.exit(1);
});
