// Dependency schedules in both engines: a step schedule written as dependencies keeps every
// transfer's timing; random dependency graphs under heavy contention get the same answer from
// the WebAssembly kernel and the reference engine; traces carry id, deps and depth.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { JsonlTrace } from "../src/trace/jsonlTrace.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";
import { describe, expect, test } from "vitest";
import { DependencySchedule, type Operation, dependentTransfer } from "../src/core/dependencySchedule.js";
import type { Engine, EngineOutput, TransferRecord } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import type { Schedule } from "../src/core/schedule.js";
import { type RingCase, networkOf, ringCase, scheduleOf } from "./helpers/arbitraries.js";
import { stepsAsDependencies } from "./helpers/stepsAsDependencies.js";
import { type ScheduledCollective, ScheduleList } from "../src/engine/schedules.js";
import { runListAsGraph } from "../src/engine/scheduleGraph.js";
import { ExplicitSchedule } from "../src/core/schedule.js";

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
      { numRuns: Math.max(300, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 2212) },
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
      { numRuns: Math.max(400, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 2213) },
    );
    expect(contended).toBeGreaterThan(80);
    expect(outOfOrder).toBeGreaterThan(80);
  });

  /** The case's steps cut into 1-5 schedules on random streams with fixed releases; `graphs` of them by dependencies. */
  const listCase = fc.record({
    g: graphCase,
    parts: fc.array(fc.tuple(fc.nat(2), fc.nat(30), fc.nat(3), fc.boolean()), { minLength: 2, maxLength: 5 }),
  });
  function listOf({ g, parts }: { g: { c: RingCase; ops: [number, number, number, number, boolean, number[], number][] }; parts: [number, number, number, boolean][] }, graphs: boolean): ScheduleList {
    const { c } = g;
    const entries: ScheduledCollective[] = [];
    let from = 0;
    let release = 0;
    parts.forEach(([stream, lag, take, asGraph], i) => {
      const to = i === parts.length - 1 ? c.steps.length : Math.min(c.steps.length, from + take);
      release += lag * 1e-6;
      const schedule = graphs && asGraph ? graphOf(g) : new ExplicitSchedule(c.nodes, c.elements, c.steps.slice(from, to), "random");
      from = to;
      entries.push({ schedule, stream, release });
    });
    return new ScheduleList(entries);
  }
  const runList = (engine: Engine, c: RingCase, list: ScheduleList, asGraph: boolean): Outcome => {
    const records: TransferRecord[] = [];
    const input = { network: networkOf(c), schedule: list.combined, schedules: list, mode: "async" as const, grants: c.grants, elementBytes: 4, onTransfer: (t: TransferRecord) => records.push(t) };
    try {
      return { out: asGraph ? runListAsGraph(engine, input) : engine.run(input), records };
    } catch (e) {
      return { records: [], error: (e as Error).message };
    }
  };

  test("several step schedules on several streams, written as one graph, keep every transfer, release and completion of the lanes' run", () => {
    let multi = 0;
    fc.assert(
      fc.property(listCase, (k) => {
        const list = listOf(k, false);
        const lanes = runList(new ReferenceEngine(), k.g.c, list, false);
        for (const engine of [new WasmEngine(), new ReferenceEngine()]) {
          const graph = runList(engine, k.g.c, list, true);
          const unstepped = (e?: string) => e?.replace(/step \d+/, "step _");
          expect(unstepped(graph.error)).toEqual(unstepped(lanes.error));
          if (lanes.error) return;
          expect(graph.records).toEqual(lanes.records);
          expect(graph.out).toEqual(lanes.out);
        }
        if (list.streams > 1) multi++;
      }),
      { numRuns: Math.max(200, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 2214) },
    );
    expect(multi).toBeGreaterThan(60);
  });

  test("several schedules, some by dependencies, on several streams: both engines agree on every transfer, both grant policies", () => {
    let mixed = 0;
    let traced = 0;
    fc.assert(
      fc.property(listCase, (k) => {
        const list = listOf(k, true);
        const a = runList(new WasmEngine(), k.g.c, list, false);
        const b = runList(new ReferenceEngine(), k.g.c, list, false);
        expect(a.error).toEqual(b.error);
        if (a.error) return;
        expect(a.records).toEqual(b.records);
        expect(a.out).toEqual(b.out);
        // a dependency schedule's transfers keep their ids and wait for its release
        for (const t of a.records) {
          const e = list.entries[t.schedule as number];
          expect(t.ready).toBeGreaterThanOrEqual(e.release as number);
          expect(t.id !== undefined).toBe(e.schedule instanceof ExplicitSchedule ? false : true);
        }
        if (list.entries.some((e) => !(e.schedule instanceof ExplicitSchedule)) && list.streams > 1 && (a.out as EngineOutput).waitTime > 0) mixed++;
        // and the trace's independent replay agrees: readiness by release, stream and dependencies
        if (mixed % 10 === 1) {
          const path = join(mkdtempSync(join(tmpdir(), "wrht-deps-")), "t.jsonl");
          const net = networkOf(k.g.c);
          const trace = new JsonlTrace(path, undefined, net, list);
          const out = new WasmEngine().run({ network: net, schedule: list.combined, schedules: list, mode: "async", grants: k.g.c.grants, elementBytes: 4, onTransfer: trace.onTransfer });
          trace.commit({ time: out.time, transfers: out.transfers }, {
            type: "header", version: 1, collective: "allreduce", algorithm: "random", nodes: k.g.c.nodes, elements: k.g.c.elements, elementBytes: 4, network: net.describe(),
            mode: "async", grants: k.g.c.grants, ...(net.kind === "optical-ring" ? { routing: k.g.c.routing } : {}), params: {},
            schedules: list.entries.map((e, i) => ({ collective: "allreduce", algorithm: "random", elements: k.g.c.elements, release: (out.releases as Float64Array)[i], stream: e.stream })),
          });
          expect(checkTrace(parseTrace(readFileSync(path, "utf8")), { data: false })).toEqual([]);
          traced++;
        }
      }),
      { numRuns: Math.max(200, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 2215) },
    );
    expect(mixed).toBeGreaterThan(30);
    expect(traced).toBeGreaterThan(2);
  });
});
