// Dependency schedules in both engines: a step schedule written as dependencies keeps every
// transfer's timing; random dependency graphs under heavy contention get the same answer from
// the WebAssembly kernel and the reference engine; traces carry id, deps and depth.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { DependencySchedule, type Operation, dependentTransfer } from "../src/core/dependencySchedule.js";
import type { Engine, EngineOutput, TransferRecord } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import type { Schedule } from "../src/core/schedule.js";
import { type RingCase, networkOf, ringCase, scheduleOf } from "./helpers/arbitraries.js";
import { stepsAsDependencies } from "./helpers/stepsAsDependencies.js";

type Outcome = { out?: EngineOutput; records: TransferRecord[]; error?: string };

function runWith(engine: Engine, c: RingCase, schedule: Schedule): Outcome {
  const records: TransferRecord[] = [];
  try {
    const out = engine.run({ network: networkOf(c), schedule, mode: "async", grants: c.grants, elementBytes: 4, window: c.window, onTransfer: (t) => records.push(t) });
    return { out, records };
  } catch (e) {
    return { records: [], error: (e as Error).message };
  }
}

/** What must not change when a step schedule is written as dependencies (steps become depths). */
function timing(r: TransferRecord) {
  const { step: _s, id: _i, deps: _d, ...rest } = r;
  return rest;
}

/** A random dependency graph: transfers and deps over a random order, positions shuffled. */
const graphCase = fc.record({
  c: ringCase,
  ops: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.boolean(), fc.array(fc.nat(), { maxLength: 3 }), fc.nat()), { minLength: 1, maxLength: 80 }),
});

function graphOf({ c, ops }: { c: RingCase; ops: [number, number, number, number, boolean, number[], number][] }): DependencySchedule {
  // operation i may depend on operations before it in creation order; positions are a permutation
  const made: Operation[] = ops.map(([a, b, x, y, reduce, deps], i) => {
    const src = a % c.nodes;
    const dst = (src + 1 + (b % (c.nodes - 1))) % c.nodes;
    const lo = x % (c.elements + 1);
    const hi = y % (c.elements + 1);
    const d = i === 0 ? [] : [...new Set(deps.map((k) => `t${k % i}`))];
    return dependentTransfer(`t${i}`, src, dst, Math.min(lo, hi), Math.max(lo, hi), d, reduce ? 1 : 0);
  });
  const order = made.map((_, i) => i).sort((i, j) => (ops[i][6] % 7) - (ops[j][6] % 7) || i - j);
  return new DependencySchedule({ nodes: c.nodes, elements: c.elements, algorithm: "random graph" }, order.map((i) => made[i]));
}

describe("dependency schedules", () => {
  test("a step schedule written as dependencies keeps every transfer's ready, start, finish and wavelength, in both engines", () => {
    let contended = 0;
    fc.assert(
      fc.property(ringCase, (c) => {
        const steps = scheduleOf(c);
        const deps = stepsAsDependencies(steps);
        const a = runWith(new WasmEngine(), c, steps);
        const b = runWith(new WasmEngine(), c, deps);
        const r = runWith(new ReferenceEngine(), c, deps);
        // a refusal names the transfer's step, which for dependencies is its depth
        const unstepped = (e?: string) => e?.replace(/step \d+/, "step _");
        expect(unstepped(b.error)).toEqual(unstepped(a.error));
        expect(r.error).toEqual(b.error);
        if (a.error) return;
        expect(b.records.map(timing)).toEqual(a.records.map(timing));
        expect(r.records).toEqual(b.records);
        expect(r.out).toEqual(b.out);
        const { stepStart: _a, stepEnd: _b, ...sums } = a.out as EngineOutput;
        const { stepStart: _c, stepEnd: _d, ...depSums } = b.out as EngineOutput;
        expect(depSums).toEqual(sums);
        if (sums.waitTime > 0) contended++;
      }),
      { numRuns: 300, seed: 2212 },
    );
    expect(contended).toBeGreaterThan(60);
  });

  test("random dependency graphs under contention: both engines agree on every transfer, both grant policies", () => {
    let contended = 0;
    let outOfOrder = 0;
    fc.assert(
      fc.property(graphCase, (g) => {
        const schedule = graphOf(g);
        const a = runWith(new WasmEngine(), g.c, schedule);
        const b = runWith(new ReferenceEngine(), g.c, schedule);
        expect(a.error).toEqual(b.error);
        if (a.error) return;
        expect(a.records).toEqual(b.records);
        expect(a.out).toEqual(b.out);
        expect(a.records.length).toBe(schedule.dependencies.transfers.length);
        // readiness: the latest finish of the dependencies; no transfer starts before it
        const finish = new Map(a.records.map((t) => [t.id, t.finish]));
        for (const t of a.records) {
          const want = Math.max(0, ...(t.deps ?? []).map((d) => finish.get(d) as number));
          expect(t.ready).toBe(want);
          expect(t.start).toBeGreaterThanOrEqual(t.ready);
        }
        if ((a.out as EngineOutput).waitTime > 0) contended++;
        if (a.records.some((t, i) => i > 0 && t.step < a.records[i - 1].step)) outOfOrder++;
      }),
      { numRuns: 400, seed: 2213 },
    );
    expect(contended).toBeGreaterThan(80);
    expect(outOfOrder).toBeGreaterThan(80);
  });
});
