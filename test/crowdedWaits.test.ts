// Hundreds to thousands of transfers waiting at once: the kernel's wait lists per full link and
// its wake-up hints for transfers blocked by wavelength continuity decide which waiters it tries
// at an event, and must never change a grant. The reference engine tries every waiter at every
// event; on these crowded patterns the two must agree on every transfer.
import { describe, expect, test } from "vitest";
import { COLLECTIVE_ALGORITHMS } from "../src/algorithms/index.js";
import type { Collective } from "../src/core/collectives.js";
import { ExplicitSchedule, type Schedule, type Transfer } from "../src/core/schedule.js";
import type { Engine, TransferRecord } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { LeafSpine } from "../src/network/leafSpine.js";
import type { Network } from "../src/network/network.js";
import { OpticalRing } from "../src/network/opticalRing.js";
import { Star } from "../src/network/star.js";

interface Crowd {
  name: string;
  network: Network;
  collective: Collective;
  algorithm: string;
  /** A schedule of its own instead of the algorithm's. */
  schedule?: Schedule;
  mode?: "async" | "lockstep";
  grants?: "greedy" | "reservation";
}

function records(engine: Engine, c: Crowd): { records: TransferRecord[]; waited: number } {
  const schedule = c.schedule ?? COLLECTIVE_ALGORITHMS[c.collective][c.algorithm].build(c.network, 64 * 1024 + 7, 4, {});
  const out: TransferRecord[] = [];
  engine.run({ network: c.network, schedule, mode: c.mode ?? "async", grants: c.grants ?? "greedy", elementBytes: 4, onTransfer: (t) => out.push(t) });
  return { records: out, waited: out.filter((t) => t.start > t.ready).length };
}

const ring = (nodes: number, wavelengths: number, extra: Record<string, unknown> = {}) => new OpticalRing({ nodes, wavelengths, power: { throughDbPerHop: 0 }, ...extra });

/**
 * Transfers that last no time (no bytes, no alpha, no hop latency) among others: one that starts and
 * finishes at t frees its channel at t and makes its endpoints' next transfers ready at t, within
 * the same event. A fixed pseudo-random schedule (a linear congruential generator, seed 7).
 */
function instantMix(nodes: number, steps: number, perStep: number): ExplicitSchedule {
  let x = 7;
  const next = (m: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % m;
  };
  const list: Transfer[][] = Array.from({ length: steps }, () =>
    Array.from({ length: perStep }, () => {
      const src = next(nodes);
      const dst = (src + 1 + next(nodes - 1)) % nodes;
      const begin = next(64);
      const end = next(2) === 0 ? begin : begin + 1 + next(63);
      return { src, dst, begin, end, op: 0 as const, pin: 0 as const };
    }),
  );
  return new ExplicitSchedule(nodes, 128, list, "instant-mix");
}

const CROWDS: Crowd[] = [
  { name: "direct all-to-all, 48 nodes, 4 wavelengths", network: ring(48, 4), collective: "alltoall", algorithm: "direct" },
  { name: "direct all-to-all, 40 nodes, 3 wavelengths, unidirectional", network: ring(40, 3, { direction: "unidirectional" }), collective: "alltoall", algorithm: "direct" },
  { name: "direct all-to-all, 32 nodes, 2 wavelengths, clockwise routing, lockstep", network: ring(32, 2, { routing: "clockwise" }), collective: "alltoall", algorithm: "direct", mode: "lockstep" },
  { name: "direct all-to-all, 32 nodes, 4 wavelengths, 2 tunable transmitters and receivers", network: ring(32, 4, { tx: 2, rx: 2, tuningTime: 1e-6 }), collective: "alltoall", algorithm: "direct" },
  { name: "direct all-to-all, 32 nodes, 3 wavelengths, regeneration every 5 hops", network: new OpticalRing({ nodes: 32, wavelengths: 3, regenerate: true, power: { throughDbPerHop: 3 } }), collective: "alltoall", algorithm: "direct" },
  { name: "direct all-to-all, 24 nodes, 4 wavelengths, adaptive routing", network: ring(24, 4, { routing: "adaptive" }), collective: "alltoall", algorithm: "direct" },
  { name: "Rabenseifner, 512 nodes, 8 wavelengths", network: ring(512, 8), collective: "allreduce", algorithm: "hd" },
  { name: "recursive doubling, 1024 nodes, 16 wavelengths", network: ring(1024, 16), collective: "allreduce", algorithm: "rd" },
  { name: "OpTree all-gather, 128 nodes, 4 wavelengths", network: ring(128, 4), collective: "allgather", algorithm: "optree" },
  { name: "direct all-to-all on a star with exclusive links, 96 nodes", network: new Star({ nodes: 96, sharing: "exclusive" }), collective: "alltoall", algorithm: "direct" },
  { name: "direct all-to-all on a leaf-spine with exclusive links, 64 nodes", network: new LeafSpine({ nodes: 64, leafSize: 8, spines: 2, sharing: "exclusive" }), collective: "alltoall", algorithm: "direct" },
  {
    name: "transfers lasting no time among others, 16 nodes, 1 wavelength",
    network: ring(16, 1, { alpha: 0, hopLatency: 0 }), collective: "allreduce", algorithm: "custom", schedule: instantMix(16, 60, 24),
  },
  {
    name: "transfers lasting no time among others, on a star with exclusive links",
    network: new Star({ nodes: 12, alpha: 0, switchLatency: 0, sharing: "exclusive" }), collective: "allreduce", algorithm: "custom", schedule: instantMix(12, 80, 30),
  },
  {
    name: "transfers lasting no time among others, on a star with exclusive links, lockstep",
    network: new Star({ nodes: 16, alpha: 0, switchLatency: 0, sharing: "exclusive" }), collective: "allreduce", algorithm: "custom", schedule: instantMix(16, 40, 24), mode: "lockstep",
  },
  { name: "direct all-to-all, 48 nodes, 4 wavelengths, reservation", network: ring(48, 4), collective: "alltoall", algorithm: "direct", grants: "reservation" },
];

describe("crowded waits: both engines agree on every transfer", () => {
  for (const c of CROWDS) {
    test(c.name, () => {
      const wasm = records(new WasmEngine(), c);
      const reference = records(new ReferenceEngine(), c);
      // a crowd: a large share of the transfers waited for a channel
      if (c.schedule) {
        // transfers lasting no time, some of them waiting
        expect(wasm.records.filter((t) => t.finish === t.start).length).toBeGreaterThan(100);
        expect(wasm.waited).toBeGreaterThan(30);
      } else expect(wasm.waited).toBeGreaterThan(0.4 * wasm.records.length);
      expect(wasm.records.length).toBe(reference.records.length);
      expect(wasm.records).toEqual(reference.records);
    });
  }
});

// Fair sharing: nothing waits for a link, but thousands of flows share links at once, starting and
// finishing in crowds; each start or finish recomputes its connected component's rates.
const FAIR_CROWDS: Crowd[] = [
  { name: "direct all-to-all on a star, 96 nodes", network: new Star({ nodes: 96 }), collective: "alltoall", algorithm: "direct" },
  { name: "direct all-to-all on a leaf-spine oversubscribed 4:1, 64 nodes", network: new LeafSpine({ nodes: 64, leafSize: 8, spines: 2, uplinkBandwidth: 100e9 }), collective: "alltoall", algorithm: "direct" },
  { name: "direct all-to-all on a star, 3 ports, 12 transmitters and receivers, 48 nodes", network: new Star({ nodes: 48, ports: 3, tx: 12, rx: 12 }), collective: "alltoall", algorithm: "direct" },
  { name: "recursive-doubling all-gather on a leaf-spine oversubscribed 2:1, lockstep", network: new LeafSpine({ nodes: 64, leafSize: 8, spines: 4, uplinkBandwidth: 100e9 }), collective: "allgather", algorithm: "rd", mode: "lockstep" },
  {
    name: "transfers lasting no time among others, on a star",
    network: new Star({ nodes: 12, alpha: 0, switchLatency: 0 }), collective: "allreduce", algorithm: "custom", schedule: instantMix(12, 80, 30),
  },
];

describe("crowded flows under fair sharing: both engines agree on every transfer", () => {
  for (const c of FAIR_CROWDS) {
    test(c.name, () => {
      const wasm = records(new WasmEngine(), c);
      const reference = records(new ReferenceEngine(), c);
      // a crowd: a large share of the transfers shared a link (slower than alone)
      const alone = (t: TransferRecord) => c.network.duration(t.bytes, c.network.cost(t.src, t.dst, t.pin), t.op === 1);
      const shared = wasm.records.filter((t) => t.finish - t.start > alone(t) * (1 + 1e-9)).length;
      if (c.schedule) expect(wasm.records.filter((t) => t.finish === t.start).length).toBeGreaterThan(100);
      else expect(shared).toBeGreaterThan(0.4 * wasm.records.length);
      expect(wasm.records.length).toBe(reference.records.length);
      expect(wasm.records).toEqual(reference.records);
    });
  }
});
