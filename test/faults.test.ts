// Faults: lost wavelengths and failed transceivers are never granted, cuts are routed round, and the
// two engines agree on every transfer under them.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Faults, TransferRecord } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { networkOf, ringCase, scheduleOf } from "./helpers/arbitraries.js";
import { expectSameOutcome } from "./helpers/bothEngines.js";

/** Random faults that leave every link a wavelength and every node a transmitter and receiver. */
const faultCase = ringCase
  .filter((c) => c.network === "optical-ring")
  .chain((c) =>
    fc.record({
      lost: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 * c.nodes }),
      failed: fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.nat()), { maxLength: c.nodes }),
    }).map(({ lost, failed }) => {
      const links = c.direction === "bidirectional" ? 2 * c.nodes : c.nodes;
      const faults: Faults = {
        lostChannels: c.wavelengths > 1 ? lost.map(([l, w]) => [l % links, w % (c.wavelengths - 1)] as const) : [],
        failedUnits: failed.flatMap(([node, tx, unit]) => {
          const size = tx ? c.tx : c.rx;
          return size > 1 ? [[node % c.nodes, tx ? ("tx" as const) : ("rx" as const), unit % (size - 1)] as const] : [];
        }),
      };
      return { c, faults };
    }),
  );

describe("lost wavelengths and failed transceivers", () => {
  test("both engines agree on every transfer, and no lightpath takes a lost wavelength (300 random cases)", () => {
    let used = 0;
    fc.assert(
      fc.property(faultCase, ({ c, faults }) => {
        const a = expectSameOutcome({ network: networkOf(c), schedule: scheduleOf(c), mode: c.mode, grants: c.grants, elementBytes: 4, window: c.window, faults });
        const net = networkOf(c);
        const lost = new Set((faults.lostChannels ?? []).map(([l, w]) => `${l}:${w}`));
        for (const t of a.records) {
          if (t.segments !== 1) continue;
          const links = net.route(t.src, t.dst, t.dir === "cw" ? 1 : 2).links;
          for (const l of links) expect(lost.has(`${l}:${t.channel}`), `${t.src}->${t.dst} on ${l}:${t.channel}`).toBe(false);
        }
        if (lost.size > 0 && a.records.length > 0) used++;
      }),
      { numRuns: Math.max(300, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 24) },
    );
    expect(used).toBeGreaterThan(50);
  });
});

test("a transfer no channel will ever serve is refused naming it, alike in both engines (300 random rings losing up to every wavelength)", () => {
  let stuck = 0;
  const heavy = ringCase.filter((c) => c.network === "optical-ring").chain((c) =>
    fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 * c.nodes * c.wavelengths }).map((lost) => {
      const links = c.direction === "bidirectional" ? 2 * c.nodes : c.nodes;
      return { c, faults: { lostChannels: lost.map(([l, w]) => [l % links, w % c.wavelengths] as const) } as Faults };
    }),
  );
  fc.assert(
    fc.property(heavy, ({ c, faults }) => {
      const a = expectSameOutcome({ network: networkOf(c), schedule: scheduleOf(c), mode: c.mode, grants: c.grants, elementBytes: 4, window: c.window, faults });
      if (a.error?.includes("can never start")) stuck++;
      if (a.out) expect(Number.isFinite(a.out.time)).toBe(true);
    }),
    { numRuns: Math.max(300, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 2404) },
  );
  expect(stuck).toBeGreaterThan(10);
});

describe("fibre cuts", () => {
  test("Ring all-reduce on a bidirectional ring with one cut: the hop across the cut goes the long way, N-1 hops, in every step", async () => {
    const { OpticalRing } = await import("../src/network/opticalRing.js");
    const { RingAllReduce } = await import("../src/algorithms/ring.js");
    for (const n of [3, 8, 33]) {
      const chunk = 1000;
      const net = new OpticalRing({ nodes: n, power: { throughDbPerHop: 0 } });
      const schedule = new RingAllReduce(n, n * chunk);
      for (const gap of [0, n - 1, Math.floor(n / 2)]) {
        const records: TransferRecord[] = [];
        const input = { network: net, schedule, mode: "lockstep" as const, elementBytes: 4, faults: { cuts: [gap] } };
        const out = new WasmEngine().run({ ...input, onTransfer: (t) => records.push(t) });
        const ref = new ReferenceEngine().run(input);
        expect(out).toEqual(ref);
        const step = 20e-6 + (8 * 4 * chunk) / 100e9 + (n - 1) * 10e-9;
        expect(Math.abs(out.time - 2 * (n - 1) * step) / out.time).toBeLessThan(1e-12);
        // exactly the transfers from the node before the cut went round the other way
        for (const t of records) expect(t.dir === "ccw").toBe(t.src === gap);
      }
    }
  });

  test("random cuts: both engines route round them alike or refuse alike (300 random rings)", () => {
    let rerouted = 0;
    let refused = 0;
    const cutCase = ringCase.filter((c) => c.network === "optical-ring").chain((c) => fc.array(fc.nat(), { minLength: 1, maxLength: 2 }).map((gaps) => ({ c, cuts: [...new Set(gaps.map((g) => g % c.nodes))] })));
    fc.assert(
      fc.property(cutCase, ({ c, cuts }) => {
        const a = expectSameOutcome({ network: networkOf(c), schedule: scheduleOf(c), mode: c.mode, grants: c.grants, elementBytes: 4, window: c.window, faults: { cuts } });
        if (a.error) refused++;
        const n = c.nodes;
        for (const t of a.records) {
          // no lightpath crosses a cut
          for (const g of cuts) {
            const d = ((((t.dir === "cw" ? g - t.src : t.src - 1 - g) % n) + n) % n);
            expect(d < t.hops, `${t.src}->${t.dst} ${t.dir} crosses gap ${g}`).toBe(false);
          }
        }
        if (a.records.some((t) => t.hops > Math.min((((t.dst - t.src) % n) + n) % n, (((t.src - t.dst) % n) + n) % n))) rerouted++;
      }),
      { numRuns: Math.max(300, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 2401) },
    );
    expect(rerouted).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(10);
  });
});

test("links that lost every wavelength are routed round like one-way cuts, alike in both engines (300 random rings)", () => {
  let rerouted = 0;
  const deadCase = ringCase.filter((c) => c.network === "optical-ring").chain((c) => fc.array(fc.nat(), { minLength: 1, maxLength: 2 }).map((ls) => {
    const links = c.direction === "bidirectional" ? 2 * c.nodes : c.nodes;
    const dead = [...new Set(ls.map((l) => l % links))];
    const faults: Faults = { lostChannels: dead.flatMap((l) => Array.from({ length: c.wavelengths }, (_, w) => [l, w] as const)) };
    return { c, dead, faults };
  }));
  fc.assert(
    fc.property(deadCase, ({ c, dead, faults }) => {
      const a = expectSameOutcome({ network: networkOf(c), schedule: scheduleOf(c), mode: c.mode, grants: c.grants, elementBytes: 4, window: c.window, faults });
      const net = networkOf(c);
      for (const t of a.records) {
        if (t.segments !== 1) continue;
        for (const l of net.route(t.src, t.dst, t.dir === "cw" ? 1 : 2).links) expect(dead.includes(l), `${t.src}->${t.dst} over dead link ${l}`).toBe(false);
        if (t.hops > Math.min((((t.dst - t.src) % c.nodes) + c.nodes) % c.nodes, (((t.src - t.dst) % c.nodes) + c.nodes) % c.nodes)) rerouted++;
      }
    }),
    { numRuns: Math.max(300, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 2403) },
  );
  expect(rerouted).toBeGreaterThan(30);
});

test("a transfer no intact direction reaches is refused naming the cuts, alike in both engines", async () => {
  const { OpticalRing } = await import("../src/network/opticalRing.js");
  const { ExplicitSchedule } = await import("../src/core/schedule.js");
  const net = new OpticalRing({ nodes: 8 });
  const schedule = new ExplicitSchedule(8, 10, [[{ src: 1, dst: 5, begin: 0, end: 10, op: 0, pin: 0 }]], "test");
  const messages = [new WasmEngine(), new ReferenceEngine()].map((e) => {
    try {
      e.run({ network: net, schedule, mode: "async", elementBytes: 4, faults: { cuts: [2, 6] } });
      return "ran";
    } catch (err) {
      return (err as Error).message;
    }
  });
  expect(messages[0]).toBe(messages[1]);
  expect(messages[0]).toMatch(/transfer 1->5 cannot be routed: the ring is cut between nodes 2\|3, 6\|7, and no direction/);
});
