// The client in Node over wss:// against the real standalone server with a certificate from a test
// CA made here with openssl: a `ws` given the CA is welcomed and echoes; the plain `ws`, which trusts
// only Node's CAs, never is.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import WebSocket from "ws";
import { SLOW, TestServer, client, closeAll, next } from "./harness.js";

/** A test CA and a server certificate for 127.0.0.1 (EC P-256, two days), in a fresh folder under target/. */
function testCertificates(): { ca: string; cert: string; key: string } {
  mkdirSync("target", { recursive: true });
  const dir = resolve(mkdtempSync(join("target", "wss-certs-")));
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=gatehouse-test-ca");
  openssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
    "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
  return { ca: join(dir, "ca.crt"), cert: join(dir, "server.crt"), key: join(dir, "server.key") };
}

let server: TestServer;
let ca: Buffer;
before(async () => {
  const files = testCertificates();
  ca = readFileSync(files.ca);
  server = await TestServer.start({ "gatehouse.tls.certificate": files.cert, "gatehouse.tls.private-key": files.key }, ca);
});
after(async () => { await closeAll(); await server?.stop(); });

test("a ws given the test CA is welcomed over wss:// and its requests answered", { timeout: SLOW }, async () => {
  assert.match(server.url, /^wss:\/\//);
  class Trusting extends WebSocket {
    constructor(url: string, protocols?: string | string[], options?: WebSocket.ClientOptions) {
      super(url, protocols, { ...options, ca });
    }
  }
  const c = client(server, { token: await server.token("alice"), WebSocket: Trusting as never });
  const welcome = await c.connect();
  assert.equal(welcome.userId, "alice");
  const echo = await c.request("echo", { over: "tls" });
  assert.deepEqual(echo.data, { over: "tls" });
});

test("the plain ws, trusting only Node's CAs, fails the TLS handshake and is never welcomed", { timeout: SLOW }, async () => {
  const errors: string[] = [];
  class Plain extends WebSocket {
    constructor(url: string, protocols?: string | string[], options?: WebSocket.ClientOptions) {
      super(url, protocols, options);
      this.on("error", e => errors.push((e as NodeJS.ErrnoException).code ?? e.message));
    }
  }
  const c = client(server, { token: await server.token("bob"), WebSocket: Plain as never });
  const closed = next(c, "close");
  c.connect().catch(() => { /* closeAll stops it */ });
  assert.equal((await closed).code, 1006);
  assert.equal(c.welcome, undefined);
  assert.ok(errors.some(e => /CERT|certificate|VERIFY/i.test(e)), errors.join(", "));
});
