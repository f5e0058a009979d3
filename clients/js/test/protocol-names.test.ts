import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CLOSE_REASONS, ERROR_CODES, HANDSHAKE_CODES, RECOVERY_REASONS, SUBPROTOCOL, SYSTEM_EVENTS } from "@gatehouse/client";

// dist-test/ is clients/js/dist-test: the protocol is three levels up.
const protocol = readFileSync(new URL("../../../docs/PROTOCOL.md", import.meta.url), "utf8");

/** The section of PROTOCOL.md under a heading that starts with the given text. */
function section(heading: string): string {
  const start = protocol.indexOf("\n" + heading);
  assert.ok(start >= 0, `no section '${heading}' in docs/PROTOCOL.md`);
  const rest = protocol.slice(start + 1);
  const level = heading.indexOf(" ");
  const end = rest.slice(1).search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end + 1);
}

/** The rows of the first markdown table in a text, as cells, header and separator left out. */
function rows(text: string): string[][] {
  const lines = text.split("\n").filter(l => l.trim().startsWith("|"));
  return lines.slice(2).map(l => l.trim().replace(/^\||\|$/g, "").split("|").map(c => c.trim()));
}

const codes = (cell: string) => [...cell.matchAll(/`([A-Z_]+)`/g)].map(m => m[1]);

test("the error codes are those of the table in PROTOCOL §3.4", () => {
  const documented = rows(section("### 3.4")).flatMap(r => codes(r[0]));
  assert.deepEqual([...ERROR_CODES].sort(), [...new Set(documented)].sort());
});

test("the close reasons of each code are those of the table in PROTOCOL §5", () => {
  const documented: Record<number, string[]> = {};
  for (const [code, , reasons] of rows(section("## 5."))) {
    if (/^\d+$/.test(code)) documented[Number(code)] = codes(reasons);
  }
  assert.deepEqual(Object.keys(CLOSE_REASONS).sort(), Object.keys(documented).sort());
  for (const [code, reasons] of Object.entries(documented)) {
    assert.deepEqual([...CLOSE_REASONS[Number(code)]].sort(), reasons.sort(), `close code ${code}`);
  }
});

test("the handshake refusal codes are those of the tables in PROTOCOL §1.3 and §1.4", () => {
  const refused = rows(section("### 1.3")).flatMap(r => codes(r[2]));
  const malformed = rows(section("### 1.4")).flatMap(r => codes(r[r.length - 1]));
  assert.deepEqual([...HANDSHAKE_CODES].sort(), [...new Set([...refused, ...malformed])].sort());
});

test("the system events are those PROTOCOL §3 names", () => {
  const s3 = section("## 3.");
  const documented = new Set([
    ...[...s3.matchAll(/"event": "([a-z_]+)"/g)].map(m => m[1]),
    ...[...section("### 3.2").matchAll(/^- `([a-z_]+)`/gm)].map(m => m[1]),
    ...[...section("### 3.5").matchAll(/^`([a-z_]+)` has the same data/gm)].map(m => m[1]),
  ]);
  assert.deepEqual([...SYSTEM_EVENTS].sort(), [...documented].sort());
});

test("the plain subprotocol is one the server accepts by default (PROTOCOL §1.1)", () => {
  assert.match(section("### 1.1"), new RegExp("accepted by default: `" + SUBPROTOCOL.replace(".", "\\.") + "`"));
});

test("the recovery reasons are those of the table in PROTOCOL §3.6", () => {
  const documented = rows(section("### 3.6")).map(r => r[0].replace(/`/g, ""));
  assert.deepEqual([...RECOVERY_REASONS].sort(), documented.sort());
});
