import { describe, expect, test } from "vitest";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { RingAllReduce, ringClosedForm } from "../src/algorithms/ring.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import type { Network } from "../src/network/network.js";
import { Star } from "../src/network/star.js";
import { replay } from "../src/api/replay.js";
import { simulate } from "../src/api/simulate.js";

const ring = (nodes: number, extra: Partial<ConstructorParameters<typeof OpticalRing>[0]> = {}) =>
  new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes, ...extra });

/**
 * Ring all-reduce three ways: the kernel as the library calls it (generated inside when it can),
 * the kernel fed slot by slot (a transfer callback forces it), and the reference engine.
 */
function threeWays(network: Network, n: number, elements: number, mode: "async" | "lockstep", grants: "greedy" | "reservation") {
  const schedule = new RingAllReduce(n, elements);
  const engine = new WasmEngine();
  const kernel = engine.run({ network, schedule, mode, grants, elementBytes: 4 });
  const slotFed = new WasmEngine().run({ network, schedule, mode, grants, elementBytes: 4, onTransfer: () => {} });
  const reference = new ReferenceEngine().run({ network, schedule, mode, grants, elementBytes: 4 });
  return { kernel, slotFed, reference, streamed: engine.lastPath === "streamed" };
}

describe("ring all-reduce", () => {
  test("leaves every node with the exact sum, N = 2..64, uneven element counts", () => {
    for (let n = 2; n <= 64; n++) {
      for (const elements of [1, n - 1, n, n + 1, 3 * n + 2, 7 * n - 3]) {
        if (elements < 1) continue;
        const out = replay(new RingAllReduce(n, elements));
        expect(out.conflict, `N=${n} E=${elements}`).toBeUndefined();
        expect(out.mismatch, `N=${n} E=${elements}`).toBeUndefined();
      }
    }
  });

  test("has 2(N-1) steps of N transfers", () => {
    const s = new RingAllReduce(9, 100);
    expect(s.steps).toBe(16);
    for (let k = 0; k < s.steps; k++) expect(s.stepSize()).toBe(9);
  });

  test("lockstep time equals 2(N-1)(alpha + 8D/(NB) + hopLatency) when N divides E", () => {
    for (const n of [2, 3, 8, 64, 100]) {
      const elements = n * 2500;
      const net = ring(n);
      const d = elements * 4;
      const formula = 2 * (n - 1) * (20e-6 + (8 * d) / (n * 100e9) + 10e-9);
      for (const engine of ["wasm", "js"] as const) {
        const r = simulate({ network: net, algorithm: "ring", elements, mode: "lockstep", engine });
        expect(Math.abs(r.time - formula) / formula).toBeLessThan(1e-9);
      }
      expect(Math.abs(ringClosedForm(net, elements, 4) - formula) / formula).toBeLessThan(1e-12);
    }
  });

  test("lockstep time follows the largest chunk when chunks are uneven, with gamma on reduce steps", () => {
    const n = 7;
    const elements = 100; // chunks of 15 and 14 elements
    const gamma = 1e-10;
    const net = ring(n, { gamma });
    const big = 15 * 4;
    const want = (n - 1) * (20e-6 + (big * 8) / 100e9 + 10e-9 + gamma * big) + (n - 1) * (20e-6 + (big * 8) / 100e9 + 10e-9);
    const r = simulate({ network: net, algorithm: "ring", elements, mode: "lockstep" });
    expect(Math.abs(r.time - want) / want).toBeLessThan(1e-12);
    expect(r.closedForm).toBeCloseTo(want, 15);
  });

  test("does not depend on the number of wavelengths", () => {
    const times = [1, 2, 64].map((w) => simulate({ network: ring(32, { wavelengths: w }), algorithm: "ring", elements: 32 * 1000 }).time);
    expect(times[0]).toBe(times[1]);
    expect(times[1]).toBe(times[2]);
  });

  test("uses one wavelength and one hop per transfer, and moves 2(N-1)/N of the vector per node", () => {
    const r = simulate({ network: ring(16), algorithm: "ring", elements: 1600 });
    expect(r.peakWavelengths).toBe(1);
    expect(r.maxHops).toBe(1);
    expect(r.waitTime).toBe(0);
    expect(r.bytesMoved).toBe(2 * 15 * 1600 * 4);
  });

  test("generated inside the kernel (no trace) it equals the slot-fed kernel and the reference engine exactly", () => {
    let generated = 0;
    for (const n of [2, 3, 7, 16, 33]) {
      for (const elements of [1, n - 1, 5 * n + 3, 1000]) {
        for (const [direction, wavelengths, gamma] of [["bidirectional", 64, 0], ["unidirectional", 1, 1e-10]] as const) {
          for (const mode of ["async", "lockstep"] as const) {
            for (const grants of ["greedy", "reservation"] as const) {
              const { kernel, slotFed, reference, streamed } = threeWays(ring(n, { direction, wavelengths, gamma }), n, elements, mode, grants);
              if (streamed) generated++;
              expect(kernel, `N=${n} E=${elements} ${direction} ${mode} ${grants}`).toEqual(reference);
              expect(slotFed).toEqual(reference);
            }
          }
        }
      }
    }
    expect(generated).toBeGreaterThan(100);
  });

  test("on an electrical star, generated inside the kernel it equals the slot-fed kernel and the reference engine exactly", () => {
    let generated = 0;
    for (const n of [2, 3, 7, 16, 33]) {
      for (const elements of [1, n - 1, 5 * n + 3, 1000]) {
        for (const gamma of [0, 1e-10]) {
          for (const mode of ["async", "lockstep"] as const) {
            for (const [grants, sharing] of [["greedy", "fair"], ["greedy", "exclusive"], ["reservation", "exclusive"]] as const) {
              const { kernel, slotFed, reference, streamed } = threeWays(new Star({ nodes: n, gamma, sharing }), n, elements, mode, grants);
              if (streamed) generated++;
              expect(kernel, `star N=${n} E=${elements} gamma=${gamma} ${mode} ${grants} ${sharing}`).toEqual(reference);
              expect(slotFed).toEqual(reference);
              // every message crosses the up-link and the down-link: two hops, two link-holds
              expect(kernel.maxHops).toBe(2);
            }
          }
        }
      }
    }
    expect(generated).toBeGreaterThan(100);
  });
});
