import { test } from "node:test";
import assert from "node:assert/strict";
import { fullJitterDelay } from "@gatehouse/client";

test("the delay is never below 0 nor at or above min(max, min * 2^attempt)", () => {
  for (let attempt = 0; attempt < 40; attempt++) {
    const cap = Math.min(30_000, 500 * 2 ** attempt);
    for (let i = 0; i < 500; i++) {
      const d = fullJitterDelay(attempt, 500, 30_000);
      assert.ok(d >= 0 && d < cap, `attempt ${attempt}: ${d} outside [0, ${cap})`);
    }
    assert.equal(fullJitterDelay(attempt, 500, 30_000, () => 0), 0);
    assert.ok(fullJitterDelay(attempt, 500, 30_000, () => 0.999999) >= cap * 0.99);
  }
});

test("the delays of a capped attempt spread over [0, cap) with a mean near half the cap", () => {
  const n = 20_000;
  const samples = Array.from({ length: n }, () => fullJitterDelay(12, 500, 30_000));
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  assert.ok(Math.abs(mean - 15_000) < 1_500, `mean ${mean} not near 15000`);
  const lowQuarter = samples.filter(d => d < 7_500).length / n;
  const highQuarter = samples.filter(d => d >= 22_500).length / n;
  assert.ok(lowQuarter > 0.2 && lowQuarter < 0.3, `share below a quarter of the cap: ${lowQuarter}`);
  assert.ok(highQuarter > 0.2 && highQuarter < 0.3, `share above three quarters of the cap: ${highQuarter}`);
  assert.ok(new Set(samples).size > n / 4, "the delays are jittered, not a few fixed values");
});

test("the first attempts double their cap until the maximum", () => {
  const n = 5_000;
  const means = [0, 1, 2, 3].map(attempt =>
    Array.from({ length: n }, () => fullJitterDelay(attempt, 500, 30_000)).reduce((a, b) => a + b, 0) / n);
  [250, 500, 1000, 2000].forEach((expected, i) =>
    assert.ok(Math.abs(means[i] - expected) < expected * 0.15, `attempt ${i}: mean ${means[i]}, expected about ${expected}`));
});
