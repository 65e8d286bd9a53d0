import { describe, expect, test } from "vitest";
import { PowerBudgetError } from "../src/core/errors.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { DEFAULT_POWER_BUDGET, budgetDb, hopLimit, insertionLossDb } from "../src/network/powerBudget.js";
import { ExplicitSchedule, OP_COPY, PIN_AUTO, PIN_CW } from "../src/core/schedule.js";
import { simulate } from "../src/api/simulate.js";

describe("insertion loss and the hop limit", () => {
  test("loss is modulator + drop + 2 couplers + hops x through-loss", () => {
    const p = { laserDbm: 0, sensitivityDbm: -20, modulatorDb: 1.5, dropDb: 0.7, couplerDb: 1.2, throughDbPerHop: 0.3 };
    expect(insertionLossDb(p, 10)).toBeCloseTo(1.5 + 0.7 + 2.4 + 3, 12);
    expect(budgetDb(p)).toBe(20);
  });

  test("the hop limit is the largest hop count within the budget (brute force)", () => {
    for (const through of [0.01, 0.1, 0.25, 0.3, 1, 2.5]) {
      for (const laser of [-5, 0, 3, 10]) {
        const p = { ...DEFAULT_POWER_BUDGET, throughDbPerHop: through, laserDbm: laser };
        let brute = -1;
        for (let h = 0; h < 100000; h++) if (insertionLossDb(p, h) <= budgetDb(p)) brute = h;
        expect(hopLimit(p), `through=${through} laser=${laser}`).toBe(Math.max(brute, 0));
      }
    }
    expect(hopLimit({ ...DEFAULT_POWER_BUDGET, throughDbPerHop: 0 })).toBe(-1);
  });

  test("the defaults allow 2650 hops: half of a 5300-node ring", () => {
    expect(hopLimit(DEFAULT_POWER_BUDGET)).toBe(2650);
  });

  test("a lightpath beyond the limit is reported, never simulated, by both engines alike", () => {
    const net = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: 64, power: { ...DEFAULT_POWER_BUDGET, throughDbPerHop: 1 } });
    expect(net.hopLimit).toBe(26);
    const schedule = new ExplicitSchedule(64, 10, [
      [{ src: 0, dst: 20, begin: 0, end: 10, op: OP_COPY, pin: PIN_AUTO }],
      [{ src: 5, dst: 35, begin: 0, end: 10, op: OP_COPY, pin: PIN_CW }],
    ]);
    for (const engine of ["wasm", "js"] as const) {
      let err: unknown;
      try {
        simulate({ network: net, algorithm: schedule, elements: 10, engine });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PowerBudgetError);
      const p = err as PowerBudgetError;
      expect([p.step, p.src, p.dst, p.hops, p.hopLimit]).toEqual([1, 5, 35, 30, 26]);
      expect(p.lossDb).toBeCloseTo(3.5 + 30, 9);
      expect(p.message).toMatch(/step 1 transfer 5->35 crosses 30 hops/);
    }
  });
});
