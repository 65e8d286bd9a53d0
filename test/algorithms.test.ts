// Every algorithm, proven by data on every N from 2 to 100, uneven element counts, both ring
// directions; and its closed form against both engines in lockstep.
import { describe, expect, test } from "vitest";
import { ALGORITHMS } from "../src/algorithms/index.js";
import type { Network } from "../src/network/network.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { replay } from "../src/api/replay.js";
import { simulate } from "../src/api/simulate.js";

const ring = (nodes: number, extra: Partial<ConstructorParameters<typeof OpticalRing>[0]> = {}) =>
  new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes, ...extra });

const NAMES = ["ring", "wrht", "hring", "bt", "rd", "hd"] as const;

describe.each(NAMES)("%s", (name) => {
  test("leaves every node with the exact sum, N = 2..100, uneven element counts, both directions", () => {
    for (let n = 2; n <= 100; n++) {
      for (const direction of ["bidirectional", "unidirectional"] as const) {
        const net: Network = ring(n, { direction });
        for (const elements of [1, n + 3, 2 * n - 1]) {
          const schedule = ALGORITHMS[name].build(net, elements, 4, {});
          const out = replay(schedule);
          expect(out.mismatch, `${name} N=${n} E=${elements} ${direction}`).toBeUndefined();
          expect(out.conflict, `${name} N=${n} E=${elements} ${direction}`).toBeUndefined();
          let total = 0;
          for (let s = 0; s < schedule.steps; s++) total += schedule.stepSize(s);
          expect(total).toBeGreaterThan(0);
        }
      }
    }
  });

  test("lockstep time on an ample ring equals the closed form on both engines", () => {
    let checked = 0;
    for (const n of [2, 3, 5, 8, 12, 16, 31, 64]) {
      for (const direction of ["bidirectional", "unidirectional"] as const) {
        const net = ring(n, { direction, wavelengths: 4096, gamma: 1e-11 });
        const elements = 2 ** 10 * 3 * 5 * 7 * 31 * 11; // divisible by every chunking used here
        const schedule = ALGORITHMS[name].build(net, elements, 4, {});
        const closed = ALGORITHMS[name].closedForm(net, schedule, 4);
        for (const engine of ["wasm", "js"] as const) {
          const r = simulate({ network: net, algorithm: schedule, elements, mode: "lockstep", engine });
          expect(Math.abs(r.time - closed) / closed, `${name} N=${n} ${direction} ${engine}`).toBeLessThan(1e-12);
          checked++;
        }
      }
    }
    expect(checked).toBe(32);
  });
});
