// Property tests over random networks, sizes, group sizes, modes and every algorithm of every
// collective: the data
// replay gives exact sums, no channel is held twice at once, both engines agree, and the time is
// never below what can be proven. `npm run fuzz` runs many more cases (FUZZ_RUNS).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { TransferRecord } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { InputError } from "../src/core/errors.js";
import { LeafSpine } from "../src/network/leafSpine.js";
import type { Network } from "../src/network/network.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { Star } from "../src/network/star.js";
import { replay } from "../src/api/replay.js";
import { OP_REDUCE, materialize } from "../src/core/schedule.js";
import { COLLECTIVE_ALGORITHMS } from "../src/algorithms/index.js";
import { COLLECTIVES, type Collective } from "../src/core/collectives.js";
import { buildSchedule, simulate } from "../src/api/simulate.js";
import { checkTrace } from "./helpers/traceCheck.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
/** About 11 ms a case here: `npm run fuzz`'s 12,000 need more than the default two minutes. */
const TIMEOUT = Math.max(120_000, RUNS * 25);
const ALGORITHMS = ["wrht", "ring", "hring", "bt", "rd", "hd"] as const;

const caseArb = fc.record({
  algorithm: fc.constantFrom(...ALGORITHMS),
  network: fc.constantFrom("ring-bi" as const, "ring-uni" as const, "star" as const, "leaf-spine" as const),
  nodes: fc.integer({ min: 2, max: 40 }),
  wavelengths: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(8, 64)),
  elements: fc.integer({ min: 1, max: 300 }),
  mode: fc.constantFrom("async" as const, "lockstep" as const),
  gamma: fc.constantFrom(0, 1e-10),
  tx: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })),
  rx: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })),
  leafSize: fc.integer({ min: 1, max: 8 }),
  spines: fc.integer({ min: 1, max: 4 }),
  oversubscription: fc.constantFrom(1, 3),
  sharing: fc.constantFrom("fair" as const, "exclusive" as const),
  groupSize: fc.option(fc.integer({ min: 2, max: 40 }), { freq: 3 }),
  hringPick: fc.nat(),
  shortcut: fc.constantFrom("auto" as const, "on" as const, "off" as const),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** The settings networkOf reads: the all-reduce cases' and the collective cases' shared shape. */
type NetworkCase = Pick<Case, "network" | "nodes" | "wavelengths" | "gamma" | "tx" | "rx" | "leafSize" | "spines" | "oversubscription" | "sharing">;

function networkOf(c: NetworkCase): Network {
  const e = { alpha: 10e-6, bandwidth: 100e9, switchLatency: 500e-9, gamma: c.gamma, tx: c.tx, rx: c.rx, sharing: c.sharing };
  if (c.network === "star") return new Star({ nodes: c.nodes, ...e });
  if (c.network === "leaf-spine") {
    return new LeafSpine({ nodes: c.nodes, leafSize: c.leafSize, spines: c.spines, uplinkBandwidth: (c.leafSize * 100e9) / (c.spines * c.oversubscription), ...e });
  }
  return new OpticalRing({
    ...OPTICAL_RING_DEFAULTS, nodes: c.nodes, wavelengths: c.wavelengths, direction: c.network === "ring-uni" ? "unidirectional" : "bidirectional",
    gamma: c.gamma, tx: c.tx, rx: c.rx, power: { ...OPTICAL_RING_DEFAULTS.power, throughDbPerHop: 0 },
  });
}

/** Fair sharing: some message took longer than alone (it shared a link; nothing waits under fair). */
function sharedLink(net: Network, records: TransferRecord[]): boolean {
  return records.some((t) => t.finish - t.start > net.duration(t.bytes, net.cost(t.src, t.dst, t.pin), t.op === OP_REDUCE) * (1 + 1e-12));
}

function divisors(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
}

/** Node receive capacity in bits/s: every wavelength of every fibre, or the rx limit; one link electrically. */
function receiveCapacity(net: Network, c: Case): number {
  if (net.kind !== "optical-ring") return 100e9;
  const fibres = net.unidirectional ? 1 : 2;
  const lanes = c.rx > 0 ? Math.min(c.rx, fibres * c.wavelengths) : fibres * c.wavelengths;
  return lanes * 100e9;
}

function alphaOf(net: Network): number {
  return net.kind === "optical-ring" ? OPTICAL_RING_DEFAULTS.alpha : 10e-6;
}

function checkCase(c: Case): void {
  const net = networkOf(c);
  const hringGroup = divisors(c.nodes)[c.hringPick % divisors(c.nodes).length];
  const options = { groupSize: c.groupSize === null ? undefined : c.groupSize, shortcut: c.shortcut, hringGroup };
  let schedule;
  try {
    schedule = buildSchedule(net, c.algorithm, c.elements, 4, options);
  } catch (e) {
    // only a forced WRHT group size (or shortcut) may be impossible, and it must say why
    expect(e).toBeInstanceOf(InputError);
    expect(c.algorithm).toBe("wrht");
    expect(c.groupSize !== null || c.shortcut === "on").toBe(true);
    expect((e as Error).message).toMatch(/--group-size|feasible/);
    return;
  }

  // 1. data: every node ends with the exact sum
  const data = replay(schedule);
  expect(data.mismatch).toBeUndefined();
  expect(data.conflict).toBeUndefined();

  // 2. both engines agree on every transfer
  const runs = [new WasmEngine(), new ReferenceEngine()].map((engine) => {
    const records: TransferRecord[] = [];
    const out = engine.run({ network: net, schedule, mode: c.mode, elementBytes: 4, onTransfer: (t) => records.push(t) });
    return { out, records };
  });
  expect(runs[0].records).toEqual(runs[1].records);
  expect(runs[0].out).toEqual(runs[1].out);
  const { out, records } = runs[0];

  // 3. the independent trace replay: exclusive channels, readiness, durations, transceivers, sums
  const transfers = records.map((t) => ({
    type: "transfer" as const, step: t.step, src: t.src, dst: t.dst, begin: t.begin, end: t.end, op: t.op === OP_REDUCE ? ("reduce" as const) : ("copy" as const),
    bytes: t.bytes, route: t.dir ?? net.route(t.src, t.dst, t.pin).links.map((l) => net.linkName(l)), hops: t.hops, channel: t.channel,
    ready: t.ready, start: t.start, finish: t.finish, ...(t.flowStart !== undefined ? { flowStart: t.flowStart } : {}),
  }));
  const header = { type: "header", version: 1, collective: "allreduce", algorithm: c.algorithm, nodes: c.nodes, elements: c.elements, elementBytes: 4, network: net.describe(), mode: c.mode };
  expect(checkTrace({ header, transfers, summary: { time: out.time, transfers: out.transfers } })).toEqual([]);

  // 4. lower bounds: a node's steps run one after another, each at least alpha; every node must
  //    receive every element at least once, at most at its receive capacity
  const stepsOf = new Map<number, Set<number>>();
  for (const t of records) for (const v of [t.src, t.dst]) (stepsOf.get(v) ?? stepsOf.set(v, new Set()).get(v)!).add(t.step);
  const chain = Math.max(...[...stepsOf.values()].map((s) => s.size));
  const tol = 1 - 1e-12;
  expect(out.time).toBeGreaterThanOrEqual(alphaOf(net) * chain * tol);
  if (c.mode === "lockstep") expect(out.time).toBeGreaterThanOrEqual(alphaOf(net) * new Set(records.map((t) => t.step)).size * tol);
  expect(out.time).toBeGreaterThanOrEqual(((c.elements * 4 * 8) / receiveCapacity(net, c)) * tol);

  // 5. lockstep against the closed form: never below it; equal without contention (hring's is
  //    an upper bound when its chunks are uneven)
  if (c.mode === "lockstep") {
    const r = simulate({ network: net, algorithm: c.algorithm, schedule, elements: c.elements, mode: "lockstep", options });
    const closed = r.closedForm as number;
    if (c.algorithm !== "hring") expect(r.time).toBeGreaterThanOrEqual(closed * tol);
    const uncontended = r.waitTime === 0 && !sharedLink(net, records);
    if (uncontended && c.algorithm !== "hring") expect(Math.abs(r.time - closed) / closed).toBeLessThan(1e-12);
    if (uncontended && c.algorithm === "hring") expect(r.time).toBeLessThanOrEqual(closed / tol);
    // WRHT's plan only admits group sizes whose levels run without waiting
    if (c.algorithm === "wrht") expect(r.waitTime).toBe(0);
  }
}

describe("properties of every algorithm on every network", () => {
  test(`${RUNS} random cases: exact sums, exclusive channels, engines agree, provable lower bounds`, () => {
    fc.assert(fc.property(caseArb, checkCase), { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 42) });
  }, TIMEOUT);
});

// ---- the other collectives ----

const COLLECTIVE_CASES = COLLECTIVES.filter((c) => c !== "allreduce").flatMap((c) => Object.keys(COLLECTIVE_ALGORITHMS[c]).map((a) => `${c}/${a}`));

const collectiveArb = fc.record({
  which: fc.constantFrom(...COLLECTIVE_CASES),
  network: fc.constantFrom("ring-bi" as const, "ring-uni" as const, "star" as const, "leaf-spine" as const),
  nodes: fc.integer({ min: 2, max: 40 }),
  wavelengths: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(8, 64)),
  elements: fc.integer({ min: 40, max: 400 }),
  mode: fc.constantFrom("async" as const, "lockstep" as const),
  grants: fc.constantFrom("greedy" as const, "reservation" as const),
  sharing: fc.constantFrom("fair" as const, "exclusive" as const),
  tx: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })),
  rx: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })),
  rootPick: fc.nat(),
});

function checkCollective(c: typeof collectiveArb extends fc.Arbitrary<infer T> ? T : never): void {
  const [collective, algorithm] = c.which.split("/") as [Collective, string];
  const nodes = algorithm === "ne" && c.nodes % 2 === 1 ? c.nodes + 1 : c.nodes;
  // fair sharing reserves nothing: reservation grants go with exclusive links
  const sharing = c.grants === "reservation" ? ("exclusive" as const) : c.sharing;
  const net = networkOf({ ...c, nodes, gamma: 1e-11, leafSize: 3, spines: 2, oversubscription: 1, sharing });
  const root = collective === "broadcast" || collective === "reduce" ? c.rootPick % nodes : undefined;
  let schedule;
  try {
    schedule = buildSchedule(net, algorithm, c.elements, 4, { root }, collective);
  } catch (e) {
    // WRHT or OpTree may find no feasible shape under transceiver limits: refused with the reason
    expect(e).toBeInstanceOf(InputError);
    expect(["wrht", "optree"]).toContain(algorithm);
    return;
  }
  const data = replay(schedule);
  expect(data.mismatch, c.which).toBeUndefined();
  expect(data.conflict, c.which).toBeUndefined();
  expect(data.outOfRange, c.which).toBeUndefined();
  const runs = [new WasmEngine(), new ReferenceEngine()].map((engine) => {
    const records: TransferRecord[] = [];
    const out = engine.run({ network: net, schedule, mode: c.mode, grants: c.grants, elementBytes: 4, onTransfer: (t) => records.push(t) });
    return { out, records };
  });
  expect(runs[0].records).toEqual(runs[1].records);
  expect(runs[0].out).toEqual(runs[1].out);
  const { out, records } = runs[0];
  const transfers = records.map((t) => ({
    type: "transfer" as const, step: t.step, src: t.src, dst: t.dst, begin: t.begin, end: t.end, ...(t.dstBegin !== undefined ? { dstBegin: t.dstBegin } : {}),
    op: t.op === OP_REDUCE ? ("reduce" as const) : ("copy" as const), bytes: t.bytes, route: t.dir ?? net.route(t.src, t.dst, t.pin).links.map((l) => net.linkName(l)),
    hops: t.hops, channel: t.channel, retune: t.retune || undefined, ready: t.ready, start: t.start, finish: t.finish,
    ...(t.flowStart !== undefined ? { flowStart: t.flowStart } : {}),
  }));
  const copies = materialize(schedule).copies.flatMap((list, step) => list.map((k) => ({ type: "copy" as const, step, ...k })));
  const header = {
    type: "header", version: 1, collective, algorithm, nodes, elements: c.elements, elementBytes: 4, network: net.describe(), mode: c.mode, grants: c.grants,
    ...(root !== undefined ? { root } : {}),
  };
  expect(checkTrace({ header, transfers, copies, summary: { time: out.time, transfers: out.transfers } }), c.which).toEqual([]);
  if (c.mode === "lockstep") {
    const closed = COLLECTIVE_ALGORITHMS[collective][algorithm].closedForm(net, schedule, 4);
    const tol = 1 - 1e-12;
    expect(out.time).toBeGreaterThanOrEqual(closed * tol);
    if (out.waitTime === 0 && !sharedLink(net, records)) expect(Math.abs(out.time - closed) / closed).toBeLessThan(1e-12);
  }
}

describe("properties of every other collective on every network", () => {
  test(`${RUNS} random cases: exact results, exclusive channels, engines agree, never faster than the closed form`, () => {
    fc.assert(fc.property(collectiveArb, checkCollective), { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 43) });
  }, TIMEOUT);
});
