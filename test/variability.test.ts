// Stragglers and jitter: a transfer's duration times its factor (the larger slow factor of its
// endpoints, times a table draw by a hash of seed and serial), alike in both engines.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { EngineInput, Variability } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { drawIndex, factorFunction } from "../src/engine/variability.js";
import { jitterTable, normalQuantile } from "../src/faults/jitter.js";
import { OpticalRing } from "../src/network/opticalRing.js";
import { Star } from "../src/network/star.js";
import { buildSchedule } from "../src/api/simulate.js";
import { stepTransfers } from "../src/core/schedule.js";
import { networkOf, ringCase, scheduleOf } from "./helpers/arbitraries.js";
import { expectSameOutcome } from "./helpers/bothEngines.js";

const variabilityCase = ringCase.chain((c) =>
  fc.record({
    slow: fc.array(fc.tuple(fc.nat(), fc.constantFrom(0.5, 1.1, 2, 4)), { maxLength: 3 }),
    jitter: fc.option(fc.oneof(fc.constantFrom(0.05, 0.3).map((sigma) => ({ kind: "lognormal" as const, sigma })), fc.constant({ kind: "empirical" as const, factors: [0.8, 1, 1.7] })), { nil: undefined }),
    seed: fc.nat(),
  }).map(({ slow, jitter, seed }) => {
    // the table is built in the property (a counterexample prints the spec, not 65,536 factors)
    return { c, slow: slow.map(([n, f]) => [n % c.nodes, f] as const), jitter, seed };
  }),
);

describe("stragglers and jitter", () => {
  test("both engines agree on every transfer under slow nodes and jitter (300 random networks: rings, stars, leaf-spines, fair and exclusive)", () => {
    let varied = 0;
    fc.assert(
      fc.property(variabilityCase, ({ c, slow, jitter, seed }) => {
        const v: Variability = { slow, jitter: jitter ? { seed, factors: jitterTable(jitter) } : undefined };
        const input: EngineInput = { network: networkOf(c), schedule: scheduleOf(c), mode: c.mode, grants: c.grants, elementBytes: 4, window: c.window, variability: v };
        const a = expectSameOutcome(input);
        if (!a.error && (v.jitter || (v.slow?.length ?? 0) > 0)) varied++;
      }),
      { numRuns: Math.max(300, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 2402) },
    );
    expect(varied).toBeGreaterThan(150);
  });

  test("lockstep without contention, one slow node: each step lasts its slowest transfer's duration times its factor", () => {
    for (const [algorithm, n] of [["ring", 16], ["wrht", 64], ["hring", 36], ["bt", 20], ["rd", 32], ["hd", 24]] as const) {
      const net = new OpticalRing({ nodes: n, wavelengths: 64 });
      const elements = 1 << 20;
      const schedule = buildSchedule(net, algorithm, elements, 4);
      for (const [node, factor] of [[0, 2], [Math.floor(n / 2) + 1, 1.5], [n - 1, 4]] as const) {
        const input: EngineInput = { network: net, schedule, mode: "lockstep", elementBytes: 4, variability: { slow: [[node, factor]] } };
        const out = new WasmEngine().run(input);
        expect(new ReferenceEngine().run(input)).toEqual(out);
        // the closed form: sum over steps of the longest (duration x factor) among the step's transfers
        let expected = 0;
        for (let s = 0; s < schedule.steps; s++) {
          let longest = 0;
          for (const t of stepTransfers(schedule, s)) {
            const f = t.src === node || t.dst === node ? factor : 1;
            longest = Math.max(longest, net.pathDuration((t.end - t.begin) * 4, t.src, t.dst, t.pin, t.op === 1) * f);
          }
          expected += longest;
        }
        expect(Math.abs(out.time - expected) / expected, `${algorithm} slow ${node}:${factor}`).toBeLessThan(1e-12);
      }
    }
  });

  test("Ring all-reduce with one straggler: every step waits for it, factor x the closed form", () => {
    const n = 32;
    const net = new OpticalRing({ nodes: n });
    const schedule = buildSchedule(net, "ring", n * 1000, 4);
    const plain = new WasmEngine().run({ network: net, schedule, mode: "lockstep", elementBytes: 4 });
    for (const factor of [1.1, 2, 4]) {
      const slow = new WasmEngine().run({ network: net, schedule, mode: "lockstep", elementBytes: 4, variability: { slow: [[7, factor]] } });
      expect(Math.abs(slow.time / plain.time - factor)).toBeLessThan(1e-12);
    }
  });

  test("a straggler's message alone on a fairly shared star takes factor x its exclusive duration", () => {
    const star = new Star({ nodes: 8, sharing: "fair" });
    const schedule = buildSchedule(star, "ring", 8 * 1000, 4);
    const exclusive = new Star({ nodes: 8, sharing: "exclusive" });
    for (const factor of [0.5, 3]) {
      const v: Variability = { slow: [[2, factor]] };
      const fair = new WasmEngine().run({ network: star, schedule, mode: "lockstep", elementBytes: 4, variability: v });
      const excl = new WasmEngine().run({ network: exclusive, schedule, mode: "lockstep", elementBytes: 4, variability: v });
      expect(new ReferenceEngine().run({ network: star, schedule, mode: "lockstep", elementBytes: 4, variability: v })).toEqual(fair);
      expect(Math.abs(fair.time - excl.time) / excl.time).toBeLessThan(1e-12);
      const d = exclusive.pathDuration(4000, 0, 1, 0, true);
      expect(Math.abs(fair.time - 14 * d * Math.max(1, factor)) / fair.time).toBeLessThan(1e-12);
    }
  });

  test("jitter: the same seed gives the same run, other seeds other runs; the factors' mean is 1", () => {
    const net = new OpticalRing({ nodes: 64 });
    const schedule = buildSchedule(net, "wrht", 1 << 20, 4);
    const factors = jitterTable({ kind: "lognormal", sigma: 0.3 });
    const time = (seed: number) => new WasmEngine().run({ network: net, schedule, mode: "async", elementBytes: 4, variability: { jitter: { seed, factors } } }).time;
    expect(time(5)).toBe(time(5));
    const times = [1, 2, 3, 4, 5].map(time);
    expect(new Set(times).size).toBe(5);
    // the draws of many serials average to the table's mean, 1
    const f = factorFunction(64, { jitter: { seed: 9, factors } }) as (s: number, a: number, b: number) => number;
    let sum = 0;
    for (let s = 0; s < 200_000; s++) sum += f(s, 0, 1);
    expect(Math.abs(sum / 200_000 - 1)).toBeLessThan(4 * Math.sqrt((Math.exp(0.09) - 1) / 200_000));
  });
});

describe("jitter tables", () => {
  test("the lognormal table: mean exactly 1 (to rounding), variance exp(sigma^2) - 1 within 0.1%, median exp(-sigma^2/2)", () => {
    for (const sigma of [0.05, 0.2, 0.5]) {
      const t = jitterTable({ kind: "lognormal", sigma });
      let m = 0;
      for (const x of t) m += x;
      m /= t.length;
      let v = 0;
      for (const x of t) v += (x - m) ** 2;
      v /= t.length;
      expect(Math.abs(m - 1)).toBeLessThan(1e-12);
      expect(Math.abs(v / (Math.exp(sigma * sigma) - 1) - 1)).toBeLessThan(1e-3);
      const median = (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
      expect(Math.abs(median / Math.exp((-sigma * sigma) / 2) - 1)).toBeLessThan(1e-3);
    }
  });

  test("the normal quantile against known values", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-8);
    expect(Math.abs(normalQuantile(0.001) + 3.090232306167813)).toBeLessThan(1e-8);
    expect(Math.abs(normalQuantile(1e-5) + 4.264890793922602)).toBeLessThan(1e-7);
  });

  test("an empirical list is rescaled to mean 1 and every entry is drawn about equally often", () => {
    const t = jitterTable({ kind: "empirical", factors: [1, 1, 2, 4] });
    expect(Array.from(t)).toEqual([0.5, 0.5, 1, 2]);
    const counts = [0, 0, 0, 0];
    for (let s = 0; s < 40_000; s++) counts[drawIndex(3, s, 4)]++;
    for (const c of counts) expect(Math.abs(c / 40_000 - 0.25)).toBeLessThan(0.01);
  });
});
