// Opens an https page of a Gatehouse server over TLS in headless Chromium and, from it, a WebSocket
// to the wss:// endpoint with the token as a bearer.<jwt> subprotocol entry; sends one echo. Run by
// WssIT:
//   PLAYWRIGHT_CORE=<path> WSS_URL=<wss url> TOKEN=<jwt> [SPKI=<sha256 base64 of the leaf's key>] \
//     node wss-page.cjs <https url> <screenshot.png> <chromium>
// With SPKI, Chromium accepts exactly that certificate (--ignore-certificate-errors-spki-list).
// Output: "RESULT <json>": {page: "loaded"|error, welcome: event|null, echo: text|null, error}.
"use strict";
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const [url, screenshot, executablePath] = process.argv.slice(2);
const spki = process.env.SPKI;

function connect([wssUrl, token]) {
  return new Promise(resolve => {
    const result = { welcome: null, echo: null, error: null };
    const ws = new WebSocket(wssUrl, ["gatehouse.v1", "bearer." + token]);
    const timer = setTimeout(() => { result.error = "timeout"; resolve(result); }, 15000);
    ws.onmessage = m => {
      const frame = JSON.parse(m.data);
      if (!result.welcome) {
        result.welcome = frame.data.event;
        ws.send(JSON.stringify({ type: "echo", id: "1", data: { text: "from chromium" } }));
      } else if (frame.type === "echo") {
        result.echo = frame.data.text;
        clearTimeout(timer);
        ws.close();
        resolve(result);
      }
    };
    ws.onclose = e => { clearTimeout(timer); result.error = result.error || "closed " + e.code; resolve(result); };
  });
}

(async () => {
  const args = spki ? ["--ignore-certificate-errors-spki-list=" + spki] : [];
  const browser = await chromium.launch({ executablePath, headless: true, args });
  try {
    const page = await browser.newPage();
    let loaded;
    try {
      await page.goto(url);
      loaded = "loaded";
    } catch (e) {
      loaded = String(e.message).split("\n")[0];
    }
    const result = loaded === "loaded" ? await page.evaluate(connect, [process.env.WSS_URL, process.env.TOKEN])
      : { welcome: null, echo: null, error: "page not loaded" };
    if (loaded === "loaded") await page.screenshot({ path: screenshot });
    console.log("RESULT " + JSON.stringify({ page: loaded, ...result }));
  } finally {
    await browser.close();
  }
})().catch(e => { console.error(e); process.exit(1); });
