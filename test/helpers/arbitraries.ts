// fast-check arbitraries: random optical rings and random schedules with heavy contention.
import fc from "fast-check";
import { LeafSpine } from "../../src/network/leafSpine.js";
import type { Network } from "../../src/network/network.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../../src/network/opticalRing.js";
import { Star } from "../../src/network/star.js";
import { DEFAULT_POWER_BUDGET } from "../../src/network/powerBudget.js";
import { ExplicitSchedule, type Op, type Pin, type Transfer } from "../../src/core/schedule.js";

export interface RingCase {
  network: "optical-ring" | "star" | "leaf-spine";
  leafSize: number;
  spines: number;
  uplinkFactor: number;
  /** Switched networks: how links are shared (fair takes greedy grants), and ports per node. */
  sharing: "fair" | "exclusive";
  ports: number;
  nodes: number;
  wavelengths: number;
  direction: "bidirectional" | "unidirectional";
  tx: number;
  rx: number;
  gamma: number;
  mode: "async" | "lockstep";
  grants: "greedy" | "reservation";
  routing: "balanced" | "clockwise" | "adaptive";
  /** Tuning time of tunable transceivers (used when tx or rx is limited). */
  tuningTime: number;
  /** Loss per hop (dB): 0 (no budget), or enough to bound lightpaths to a few hops. */
  throughDb: number;
  regenerate: boolean;
  window: number;
  elements: number;
  steps: Transfer[][];
}

export const ringCase: fc.Arbitrary<RingCase> = fc
  .record({
    network: fc.constantFrom("optical-ring" as const, "optical-ring" as const, "star" as const, "leaf-spine" as const),
    leafSize: fc.integer({ min: 1, max: 6 }),
    spines: fc.integer({ min: 1, max: 4 }),
    uplinkFactor: fc.constantFrom(1, 0.5, 0.25, 2),
    sharing: fc.constantFrom("fair" as const, "exclusive" as const),
    ports: fc.constantFrom(1, 1, 2, 3),
    nodes: fc.integer({ min: 2, max: 24 }),
    wavelengths: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 16 })),
    direction: fc.constantFrom("bidirectional" as const, "unidirectional" as const),
    tx: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
    rx: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
    gamma: fc.constantFrom(0, 1e-10),
    mode: fc.constantFrom("async" as const, "lockstep" as const),
    grants: fc.constantFrom("greedy" as const, "greedy" as const, "reservation" as const),
    routing: fc.constantFrom("balanced" as const, "clockwise" as const, "adaptive" as const),
    tuningTime: fc.constantFrom(0, 5e-6),
    throughDb: fc.constantFrom(0, 0, 6, 8),
    regenerate: fc.boolean(),
    window: fc.constantFrom(1, 2, 5, 1 << 16),
    elements: fc.integer({ min: 1, max: 4000 }),
    stepCount: fc.integer({ min: 1, max: 8 }),
    seedSteps: fc.array(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.boolean(), fc.nat(2)), { maxLength: 30 }), {
      minLength: 1,
      maxLength: 8,
    }),
  })
  .map((r) => {
    const steps: Transfer[][] = r.seedSteps.map((raw) =>
      raw.map(([a, b, c, d, reduce, pin]) => {
        const src = a % r.nodes;
        const dst = (src + 1 + (b % (r.nodes - 1))) % r.nodes;
        const x = c % (r.elements + 1);
        const y = d % (r.elements + 1);
        const p = (r.direction === "unidirectional" && pin === 2 ? 1 : pin) as Pin;
        return { src, dst, begin: Math.min(x, y), end: Math.max(x, y), op: (reduce ? 1 : 0) as Op, pin: p };
      }),
    );
    // fair sharing reserves nothing: a switched case with reservation grants shares exclusively
    const sharing = r.network !== "optical-ring" && r.grants === "reservation" ? ("exclusive" as const) : r.sharing;
    return { ...r, sharing, steps };
  });

/** The case's network: an optical ring (half the cases), a star or a leaf-spine. */
export function networkOf(c: RingCase): Network {
  const timing = { alpha: 10e-6, bandwidth: 100e9, switchLatency: 500e-9, gamma: c.gamma, tx: c.tx, rx: c.rx, sharing: c.sharing, ports: c.ports };
  if (c.network === "star") return new Star({ nodes: c.nodes, ...timing });
  if (c.network === "leaf-spine") {
    return new LeafSpine({ nodes: c.nodes, leafSize: c.leafSize, spines: c.spines, uplinkBandwidth: 100e9 * c.uplinkFactor, ...timing });
  }
  return ringOf(c);
}

export function ringOf(c: Pick<RingCase, "nodes" | "wavelengths" | "direction" | "tx" | "rx" | "gamma"> & Partial<RingCase>): OpticalRing {
  return new OpticalRing({
    ...OPTICAL_RING_DEFAULTS,
    nodes: c.nodes,
    wavelengths: c.wavelengths,
    direction: c.direction,
    tx: c.tx,
    rx: c.rx,
    gamma: c.gamma,
    routing: c.routing ?? "balanced",
    tuningTime: c.tx > 0 || c.rx > 0 ? (c.tuningTime ?? 0) : 0,
    regenerate: c.regenerate ?? false,
    // 6 dB per hop leaves a 4-hop budget, 8 dB a 3-hop one: long lightpaths are refused or regenerated
    power: { ...DEFAULT_POWER_BUDGET, throughDbPerHop: c.throughDb ?? 0 },
  });
}

export function scheduleOf(c: RingCase): ExplicitSchedule {
  return new ExplicitSchedule(c.nodes, c.elements, c.steps, "random");
}
