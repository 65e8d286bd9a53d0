// Counter-based draws (work in progress for faults and variability): pure functions of
// (seed, key, index), with the moments their distributions promise.
import { describe, expect, test } from "vitest";
import { empiricalFactor, lognormalFactor, normal, uniform } from "../src/faults/random.js";

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

  test("normal: mean 0, variance 1; lognormal factor: mean 1 and the variance exp(sigma^2) - 1", () => {
    const n = 100_000;
    const z = Array.from({ length: n }, (_, k) => normal(11, k));
    const zm = z.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(zm)).toBeLessThan(0.015);
    expect(Math.abs(z.reduce((a, b) => a + (b - zm) ** 2, 0) / n - 1)).toBeLessThan(0.02);
    for (const sigma of [0.05, 0.2, 0.5]) {
      const f = Array.from({ length: n }, (_, k) => lognormalFactor(3, k, sigma));
      const m = f.reduce((a, b) => a + b, 0) / n;
      const v = f.reduce((a, b) => a + (b - m) ** 2, 0) / n;
      expect(Math.abs(m - 1)).toBeLessThan(4 * Math.sqrt((Math.exp(sigma * sigma) - 1) / n));
      expect(Math.abs(v / (Math.exp(sigma * sigma) - 1) - 1)).toBeLessThan(0.1);
    }
    expect(lognormalFactor(3, 5, 0)).toBe(1);
  });

  test("an empirical list: each entry equally likely, rescaled to mean 1", () => {
    const list = [1, 1, 2, 4];
    const n = 40_000;
    const counts = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const f = empiricalFactor(5, k, list);
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([0.5, 1, 2]);
    expect(Math.abs((counts.get(0.5) as number) / n - 0.5)).toBeLessThan(0.015);
    expect(Math.abs((counts.get(2) as number) / n - 0.25)).toBeLessThan(0.015);
  });
});
