// Counter-based draws for random faults: pure functions of (seed, key, index), uniform on (0, 1).
import { describe, expect, test } from "vitest";
import { uniform } from "../src/faults/random.js";

describe("counter-based draws", () => {
  test("a draw depends on (seed, key, index) alone: the same in any order, different for other seeds", () => {
    const keys = Array.from({ length: 1000 }, (_, i) => i * 7919 + 2 ** 40);
    const forward = keys.map((k) => uniform(42, k));
    const backward = [...keys].reverse().map((k) => uniform(42, k)).reverse();
    expect(backward).toEqual(forward);
    const other = keys.map((k) => uniform(43, k));
    expect(other.filter((x, i) => x === forward[i]).length).toBe(0);
    for (const x of forward) expect(x > 0 && x < 1).toBe(true);
  });

  test("uniform: mean 1/2, variance 1/12, and neighbouring keys uncorrelated (100,000 draws)", () => {
    const n = 100_000;
    const xs = Array.from({ length: n }, (_, k) => uniform(7, k));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    let cov = 0;
    for (let k = 1; k < n; k++) cov += (xs[k] - mean) * (xs[k - 1] - mean);
    // standard errors: 0.0009 for the mean, about 0.0003 for the variance
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.004);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    expect(Math.abs(cov / (n - 1) / variance)).toBeLessThan(0.015);
  });
});
