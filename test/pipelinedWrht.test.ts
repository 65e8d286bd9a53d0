// Pipelined WRHT (`--chunks k|auto`): k = 1 is WRHT exactly; every k holds its all-reduce on real
// vectors without races; both engines agree on it under contention; and the planner's choice of
// k and m, made from its estimate, is checked against simulation.
import { describe, expect, test } from "vitest";
import { verifySchedule } from "../src/api/verify.js";
import { simulate } from "../src/api/simulate.js";
import { pipelineEstimate, pipelinedWrht } from "../src/algorithms/pipelinedWrht.js";
import { planPipeline } from "../src/api/pipelinePlan.js";
import { WrhtAllReduce } from "../src/algorithms/wrht.js";
import { isDependencySchedule } from "../src/core/dependencySchedule.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { Star } from "../src/network/star.js";
import { ringOf } from "./helpers/arbitraries.js";
import { expectEnginesAgree } from "./helpers/bothEngines.js";

const ring = (nodes: number, wavelengths = 64, direction: "bidirectional" | "unidirectional" = "bidirectional") => new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes, wavelengths, direction });

describe("pipelined WRHT", () => {
  test("one piece is WRHT itself: the same schedule, time and steps", () => {
    const net = ring(64);
    const one = simulate({ network: net, algorithm: "wrht", elements: 25e6, options: { chunks: 1 } });
    const plain = simulate({ network: net, algorithm: "wrht", elements: 25e6 });
    expect(one).toEqual(plain);
    expect(pipelinedWrht(net, 1000, 4, { chunks: 1 })).toBeInstanceOf(WrhtAllReduce);
  });

  test("every piece count holds the all-reduce on real vectors with no race (rings of 2 to 40 nodes, both directions, uneven pieces)", () => {
    for (const n of [2, 3, 5, 8, 13, 40]) {
      for (const direction of ["bidirectional", "unidirectional"] as const) {
        for (const k of [2, 3, 7]) {
          const s = pipelinedWrht(ring(n, 64, direction), 31, 4, { chunks: k });
          expect(isDependencySchedule(s)).toBe(true);
          const r = verifySchedule(s);
          expect(r.verdict, `${n} nodes ${direction} k=${k}`).toBe("the all-reduce holds on real vectors, and no two operations race");
          expect(s.params.chunks).toBe(k);
        }
      }
    }
  });

  test("both engines agree on pipelined WRHT under heavy contention (1 and 2 wavelengths, tunable transceivers, both grant policies)", () => {
    for (const grants of ["greedy", "reservation"] as const) {
      for (const [n, w, tx] of [[16, 1, 0], [27, 2, 0], [20, 2, 1]] as const) {
        const net = ringOf({ nodes: n, wavelengths: w, direction: "bidirectional", tx, rx: tx, gamma: 0 });
        const schedule = pipelinedWrht(net, 10_000, 4, { chunks: 5 });
        const { out } = expectEnginesAgree({ network: net, schedule, mode: "async", grants, elementBytes: 4 });
        expect(out.waitTime).toBeGreaterThan(0);
      }
    }
  });

  test("the estimate is exact where nothing contends: two nodes, one level", () => {
    // two nodes: one group, one level up and one down, nothing shared: a pipeline of two stages
    const net = ring(2);
    for (const k of [2, 5, 16]) {
      const r = simulate({ network: net, algorithm: "wrht", elements: 1_000_000, options: { chunks: k } });
      expect(r.time).toBeCloseTo(pipelineEstimate(net, 2, 1_000_000, 4, k), 12);
      expect(r.closedForm).toBe(pipelineEstimate(net, 2, 1_000_000, 4, k));
    }
  });

  test("where wavelengths are plentiful the estimate is the simulated time; where they are short it is optimistic", () => {
    const plenty = ring(64, 64);
    for (const [m, k] of [[4, 8], [8, 32], [64, 20]]) {
      const r = simulate({ network: plenty, algorithm: "wrht", elements: 25e6, options: { chunks: k, groupSize: m } });
      expect(r.time / pipelineEstimate(plenty, m, 25e6, 4, k)).toBeCloseTo(1, 9);
    }
    const short = ring(64, 8, "unidirectional");
    const r = simulate({ network: short, algorithm: "wrht", elements: 2.5e6, options: { chunks: 13, groupSize: 4 } });
    expect(r.time).toBeGreaterThan(1.2 * pipelineEstimate(short, 4, 2.5e6, 4, 13));
  });

  test("--chunks auto (simulating the estimate's shortlist) is within 10% of the best simulated over k = 1..64 and m", () => {
    const cases = [
      { net: ring(64, 64), elements: 25e6 },
      { net: ring(256, 16), elements: 25e6 },
      { net: ring(64, 8, "unidirectional"), elements: 2.5e6 },
      { net: new Star({ nodes: 64, alpha: 10e-6, bandwidth: 100e9, switchLatency: 500e-9, gamma: 0, tx: 0, rx: 0 }), elements: 25e6 },
    ];
    for (const { net, elements } of cases) {
      const chosen = planPipeline(net, elements, 4);
      const simulated = (m: number, k: number) => simulate({ network: net, algorithm: "wrht", elements, options: { chunks: k, groupSize: m } }).time;
      const viaAuto = simulate({ network: net, algorithm: "wrht", elements, options: { chunks: "auto" } });
      expect(viaAuto.params.chunks ?? 1).toBe(chosen.chunks);
      expect(viaAuto.time).toBe(chosen.simulated);
      let best = Infinity;
      for (const k of [1, 2, 4, 8, 16, 32, 64]) {
        for (const m of [2, 3, 4, 5, 8, 16, 32, 64]) {
          if (m > net.nodes) continue;
          try {
            best = Math.min(best, simulated(m, k));
          } catch {
            // m infeasible here
          }
        }
      }
      expect(chosen.simulated / best, `${net.describe().type} ${net.nodes}: chose m=${chosen.groupSize} k=${chosen.chunks}`).toBeLessThan(1.1);
    }
  });
});
