import { describe, expect, test } from "vitest";
import { WrhtAllReduce } from "../src/algorithms/wrht.js";
import { chooseGroupSize, planWrht } from "../src/algorithms/wrhtPlan.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { replay } from "../src/api/replay.js";
import { simulate } from "../src/api/simulate.js";

const ring = (nodes: number, extra: Partial<ConstructorParameters<typeof OpticalRing>[0]> = {}) =>
  new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes, ...extra });

describe("wrht", () => {
  test("leaves every node with the exact sum for every N from 2 to 100, several m, both directions, with and without the shortcut", () => {
    for (let n = 2; n <= 100; n++) {
      for (const direction of ["bidirectional", "unidirectional"] as const) {
        const net = ring(n, { direction });
        for (const m of new Set([2, 3, 4, 5, 8, Math.min(n, 13), n])) {
          if (m > n) continue;
          for (const shortcut of ["off", "on"] as const) {
            const plan = planWrht(net, m, 40, shortcut);
            const out = replay(new WrhtAllReduce(plan, 10));
            expect(out.mismatch, `N=${n} m=${m} ${direction} ${shortcut}`).toBeUndefined();
            expect(out.conflict, `N=${n} m=${m} ${direction} ${shortcut}`).toBeUndefined();
          }
        }
      }
    }
  });
});

/** Smallest L with m^L >= N, in integers. */
function levelsFor(n: number, m: number): number {
  let l = 0;
  for (let reach = 1; reach < n; reach *= m) l++;
  return l;
}

describe("wrht plan and engine", () => {
  test("steps are 2*ceil(log_m N), one fewer with the shortcut, for every N to 100 and every m tested", () => {
    for (let n = 2; n <= 100; n++) {
      for (const direction of ["bidirectional", "unidirectional"] as const) {
        const net = ring(n, { direction });
        for (let m = 2; m <= Math.min(n, 12); m++) {
          const off = planWrht(net, m, 4, "off");
          const on = planWrht(net, m, 4, "on");
          expect(off.levels.length).toBe(levelsFor(n, m));
          expect(off.steps).toBe(2 * levelsFor(n, m));
          expect(on.steps).toBe(2 * levelsFor(n, m) - 1);
          expect(new WrhtAllReduce(on, 1).steps).toBe(on.steps);
        }
      }
    }
  });

  test("lockstep time equals the closed form and the plan's wavelength count, on both engines", () => {
    let checked = 0;
    for (const n of [2, 3, 7, 16, 27, 50, 64, 81, 100]) {
      for (const direction of ["bidirectional", "unidirectional"] as const) {
        const net = ring(n, { direction, gamma: 1e-11 });
        for (const m of [2, 3, 4, 6, 9]) {
          if (m > n) continue;
          for (const shortcut of ["off", "auto"] as const) {
            const plan = planWrht(net, m, 4e6, shortcut);
            if (!plan.feasible) continue;
            const schedule = new WrhtAllReduce(plan, 1e6);
            for (const engine of ["wasm", "js"] as const) {
              const r = simulate({ network: net, algorithm: schedule, elements: 1e6, mode: "lockstep", engine });
              expect(Math.abs(r.time - plan.time) / plan.time, `N=${n} m=${m} ${direction} ${shortcut} ${engine}`).toBeLessThan(1e-12);
              expect(r.waitTime).toBe(0);
              const used = plan.useShortcut ? [...plan.levels.slice(0, -1).map((l) => l.wavelengths), plan.shortcut.wavelengths] : plan.levels.map((l) => l.wavelengths);
              expect(r.peakWavelengths).toBe(Math.max(...used));
              expect(r.maxHops).toBe(Math.max(...(plan.useShortcut ? [...plan.levels.slice(0, -1).map((l) => l.maxHops), plan.shortcut.maxHops] : plan.levels.map((l) => l.maxHops))));
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(250);
  });

  test("with full groups (N = m^L) the time is sum over levels of 2(alpha + 8D/B + h_l*hopLatency) + L*gamma*D, h_l = ceil((m-1)/2)*m^(l-1)", () => {
    const gamma = 2e-11;
    for (const [m, levels] of [[2, 5], [3, 3], [4, 3], [5, 2], [8, 2]] as const) {
      const n = m ** levels;
      const d = 4e6;
      let want = 0;
      for (let l = 1; l <= levels; l++) want += 20e-6 + (8 * d) / 100e9 + Math.ceil((m - 1) / 2) * m ** (l - 1) * 10e-9 + gamma * d;
      for (let l = 1; l <= levels; l++) want += 20e-6 + (8 * d) / 100e9 + Math.ceil((m - 1) / 2) * m ** (l - 1) * 10e-9;
      const r = simulate({ network: ring(n, { gamma }), algorithm: "wrht", elements: d / 4, mode: "lockstep", options: { groupSize: m, shortcut: "off" } });
      expect(Math.abs(r.time - want) / want, `m=${m}`).toBeLessThan(1e-12);
      expect(r.params).toEqual({ groupSize: m, levels, shortcut: false });
      expect(r.peakWavelengths).toBe(Math.ceil((m - 1) / 2));
    }
  });

  test("the default m: among feasible m within 0.1% of the least time, the fewest wavelengths, then hops, then the smaller m", () => {
    for (const [n, w] of [[64, 64], [100, 8], [1024, 64], [1000, 16], [37, 2], [4096, 64]] as const) {
      const net = ring(n, { wavelengths: w });
      const choice = chooseGroupSize(net, 1e8);
      // an independent walk over every m
      const plans = [];
      for (let m = 2; m <= n; m++) {
        const p = planWrht(net, m, 1e8);
        if (p.feasible) plans.push(p);
      }
      const least = Math.min(...plans.map((p) => p.time));
      const near = plans.filter((p) => p.time <= least * 1.001);
      const need = (p: (typeof plans)[number]) => Math.max(...(p.useShortcut ? [...p.levels.slice(0, -1).map((l) => l.wavelengths), p.shortcut.wavelengths] : p.levels.map((l) => l.wavelengths)));
      const hops = (p: (typeof plans)[number]) => Math.max(...(p.useShortcut ? [...p.levels.slice(0, -1).map((l) => l.maxHops), p.shortcut.maxHops] : p.levels.map((l) => l.maxHops)));
      near.sort((a, b) => need(a) - need(b) || hops(a) - hops(b) || a.groupSize - b.groupSize);
      expect(choice.plan.groupSize, `N=${n} w=${w}`).toBe(near[0].groupSize);
      expect(choice.nearTies.map((p) => p.groupSize).sort((a, b) => a - b), `N=${n} w=${w}`).toEqual(near.map((p) => p.groupSize).sort((a, b) => a - b));
    }
  });

  test("a forced group size that cannot work is refused with the reason", () => {
    const net = ring(64, { wavelengths: 2 });
    expect(() => chooseGroupSize(net, 1e6, { groupSize: 10 })).toThrow(/level 1 needs 5 wavelengths on its busiest link, the ring has 2/);
    expect(() => chooseGroupSize(net, 1e6, { groupSize: 1 })).toThrow(/--group-size: 1 .*integer from 2 to the node count 64/);
    expect(() => chooseGroupSize(net, 1e6, { groupSize: 65 })).toThrow(/--group-size/);
    const lossy = ring(64, { power: { ...OPTICAL_RING_DEFAULTS.power, throughDbPerHop: 1 } }); // hMax = 26
    expect(() => chooseGroupSize(lossy, 1e6, { groupSize: 4 })).toThrow(/needs a 32-hop lightpath .* allows 26 hops/);
    // uneven groups can bring the top-level participants close enough: m = 13 leaves 5 of them,
    // whose all-to-all needs at most 26 hops
    expect(chooseGroupSize(lossy, 1e6).plan).toMatchObject({ groupSize: 13, useShortcut: true });
    const lossier = ring(64, { power: { ...OPTICAL_RING_DEFAULTS.power, throughDbPerHop: 2 } }); // hMax = 13
    expect(() => chooseGroupSize(lossier, 1e6)).toThrow(/no group size can run on this network \(m = 2: level 5 needs a 16-hop lightpath/);
    const rx = ring(64, { rx: 3 });
    expect(() => chooseGroupSize(rx, 1e6, { groupSize: 6 })).toThrow(/receiving 5 transfers at once, rx is 3/);
    expect(chooseGroupSize(rx, 1e6).plan.groupSize).toBeLessThanOrEqual(4);
  });

  test("on 1024 nodes with 64 wavelengths WRHT needs 3 steps (two levels and the top all-to-all)", () => {
    const { plan } = chooseGroupSize(ring(1024), 1e8);
    expect(plan.levels.length).toBe(2);
    expect(plan.useShortcut).toBe(true);
    expect(plan.steps).toBe(3);
  });
});
