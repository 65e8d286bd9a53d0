// Planning on a cut ring: WRHT, the hierarchical ring and OpTree lay their groups on the line a
// cut leaves, their schedules still compute the collective (replayed on real vectors), no
// lightpath crosses the cut, and both engines agree.
import { describe, expect, test } from "vitest";
import { buildSchedule, simulate } from "../src/api/simulate.js";
import { replay } from "../src/api/replay.js";
import { type Collective } from "../src/core/collectives.js";
import { stepTransfers } from "../src/core/schedule.js";
import { resolveFaults } from "../src/faults/faultSet.js";
import { OpticalRing } from "../src/network/opticalRing.js";

const ringCut = (n: number, cuts: number[], extra: Partial<ConstructorParameters<typeof OpticalRing>[0]> = {}) =>
  new OpticalRing({ nodes: n, wavelengths: 256, ...extra, faults: resolveFaults({ cuts }, { nodes: n, ring: true, bidirectional: true, wavelengths: 256, tx: 0, rx: 0 }) });

const CASES: [Collective, string][] = [
  ["allreduce", "wrht"], ["allreduce", "hring"], ["allgather", "wrht"], ["allgather", "optree"], ["reducescatter", "wrht"], ["reducescatter", "optree"],
  ["broadcast", "wrht"], ["reduce", "wrht"],
];

describe.each(CASES)("%s %s on a cut ring", (collective, algorithm) => {
  test("the collective's exact result; no lightpath crosses the cut; engines agree", () => {
    let runs = 0;
    for (const n of [6, 9, 16, 25, 36]) {
      if (algorithm === "hring" && [6, 9, 16, 25, 36].indexOf(n) < 0) continue;
      for (const gap of [0, Math.floor(n / 3), n - 1]) {
        const net = ringCut(n, [gap]);
        const root = collective === "broadcast" || collective === "reduce" ? (gap + 2) % n : undefined;
        const schedule = buildSchedule(net, algorithm, 3 * n + 1, 4, { root }, collective);
        expect(schedule.params.lineStart).toBe((gap + 1) % n);
        if (root !== undefined) expect(schedule.root).toBe(root);
        const out = replay(schedule);
        const what = `${collective} ${algorithm} N=${n} cut ${gap}`;
        expect(out.mismatch, what).toBeUndefined();
        expect(out.conflict, what).toBeUndefined();
        const records: { src: number; dst: number; dir: string | null; hops: number }[] = [];
        const a = simulate({ network: net, algorithm: schedule, elements: 3 * n + 1, collective, onTransfer: (t) => records.push(t) });
        const b = simulate({ network: net, algorithm: schedule, elements: 3 * n + 1, collective, engine: "js" });
        expect(b.time).toBe(a.time);
        for (const t of records) {
          const d = ((((t.dir === "cw" ? gap - t.src : t.src - 1 - gap) % n) + n) % n);
          expect(d < t.hops, `${what}: ${t.src}->${t.dst} crosses the cut`).toBe(false);
        }
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(10);
  });
});

test("WRHT's first level on a cut ring: groups are segments of the line after the cut, none holds both its ends", () => {
  const n = 1024;
  for (const gap of [0, 511, 700]) {
    const net = ringCut(n, [gap], { wavelengths: 64 });
    const schedule = buildSchedule(net, "wrht", n * 100, 4);
    const m = Number(schedule.params.groupSize);
    const o = (gap + 1) % n;
    const position = (node: number) => (node - o + n) % n;
    for (const t of stepTransfers(schedule, 0)) {
      // member and leader in the same segment [k m, (k+1) m) of line positions
      expect(Math.floor(position(t.src) / m)).toBe(Math.floor(position(t.dst) / m));
    }
    // the whole ring's plan would have a group across the seam at 1023|0; on the cut ring none crosses the gap
    const r = simulate({ network: net, algorithm: "wrht", elements: n * 100 });
    expect(r.closedForm).not.toBeNull();
    expect(Math.abs((r.closedForm as number) - r.time) / r.time).toBeLessThan(0.05);
  }
});

test("with two cuts the ring falls apart: the run is refused naming the first transfer no intact way reaches", () => {
  const net = ringCut(64, [10, 40]);
  expect(() => simulate({ network: net, algorithm: "wrht", elements: 6400 })).toThrow(/cannot be routed: the ring is cut between nodes 10\|11, 40\|41/);
  expect(() => simulate({ network: net, algorithm: "ring", elements: 6400 })).toThrow(/cannot be routed/);
});
