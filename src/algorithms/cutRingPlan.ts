// Planning on a damaged ring. Lost wavelengths: groups are planned with as many wavelengths as
// the worst link keeps. One cut makes the ring a line; WRHT, the hierarchical ring and OpTree
// then plan their groups as segments of that line, so that no group's lightpaths cross the cut.
// The ring is the same under rotation, so a plan for the line that starts just after the cut is
// the plan for a ring cut at its seam (between N-1 and 0), built as usual and then renamed:
// position p is node (p + o) mod N, o = the cut's gap + 1. With more cuts the ring falls apart
// into arcs; plans start after the first cut and the engines refuse the first transfer no intact
// way reaches.
//
// All-gather and reduce-scatter tie block i of the vector to node i: the plan's block p is then
// node (p + o)'s, so its element ranges are renamed block by block too, and a range of blocks
// that runs past the vector's end (past node N-1's block) travels as two transfers.
import { type CopySink, type Op, type PackedRecords, type Pin, type Schedule, type TransferSink, chunkBegin } from "../core/schedule.js";
import { InputError } from "../core/errors.js";
import { DependencySchedule, type Operation, isDependencySchedule } from "../core/dependencySchedule.js";
import type { Network } from "../network/network.js";
import { OpticalRing } from "../network/opticalRing.js";
import type { FaultSet } from "../faults/faultSet.js";

/** The algorithms that plan groups on the ring and so plan on its line when it is cut. */
export const PLANS_ON_LINE: ReadonlySet<string> = new Set(["wrht", "hring", "optree"]);

/** The rotation o that puts the first cut (or dead link) at the seam, or 0 when the ring is whole. */
export function lineOffset(net: Network): number {
  if (net.kind !== "optical-ring") return 0;
  const ring = net as OpticalRing;
  const cuts = ring.ringCuts;
  if (cuts.empty) return 0;
  const n = ring.nodes;
  const gap = cuts.cuts.length > 0 ? cuts.cuts[0] : cuts.deadLinks[0] < n ? cuts.deadLinks[0] : (cuts.deadLinks[0] - n + n - 1) % n;
  return (gap + 1) % n;
}

/**
 * The ring a plan is derived on: its faults renamed by -o (so the first cut sits at the seam), and
 * as many wavelengths as the link that lost most of them keeps (a band lost everywhere leaves
 * fewer to plan with; which ones are left is the engines' business: first fit). Links that lost
 * every wavelength stay gone.
 */
export function rotatedRing(ring: OpticalRing, o: number): OpticalRing {
  const n = ring.nodes;
  const f = ring.faults as FaultSet;
  const gap = (g: number) => (((g - o) % n) + n) % n;
  const link = (l: number) => (l < n ? gap(l) : n + gap(l - n));
  // plan with what the worst link keeps (a link that lost every wavelength is routed round instead)
  const lostOn = new Map<number, number>();
  for (const [l] of f.lostChannels) lostOn.set(l, (lostOn.get(l) ?? 0) + 1);
  const worst = Math.max(0, ...[...lostOn.values()].filter((k) => k < ring.channels));
  const wavelengths = ring.channels - worst;
  const dead = ring.ringCuts.deadLinks.flatMap((l) => Array.from({ length: wavelengths }, (_, c) => [link(l), c] as const));
  const faults: FaultSet = { ...f, cuts: f.cuts.map(gap), lostChannels: dead };
  return new OpticalRing({ ...ring.params, wavelengths, faults });
}

/** Whether a plan on this network differs from one on the whole ring: cuts, or wavelengths lost. */
function damaged(net: Network): boolean {
  return net.kind === "optical-ring" && (!(net as OpticalRing).ringCuts.empty || ((net as OpticalRing).faults?.lostChannels.length ?? 0) > 0);
}

/** `schedule` with every node p renamed (p + o) mod N (a root given in real names is passed in as p). */
export function renamed(schedule: Schedule, o: number): Schedule {
  const n = schedule.nodes;
  const name = (p: number) => (p + o) % n;
  if (isDependencySchedule(schedule)) {
    if (o === 0) return schedule;
    const ops: Operation[] = schedule.operations.map((op) => (op.kind === "transfer" ? { ...op, src: name(op.src), dst: name(op.dst) } : { ...op, node: name(op.node) }));
    return new DependencySchedule(
      { nodes: n, elements: schedule.elements, algorithm: schedule.algorithm, collective: schedule.collective, root: schedule.root === undefined ? undefined : name(schedule.root), bufferElements: schedule.bufferElements, params: schedule.params, postcondition: schedule.postcondition },
      ops,
    );
  }
  return new RenamedSchedule(schedule, o);
}

/** What a renamed schedule was built as (its plan, for closed forms), or the schedule itself. */
export function planned(schedule: Schedule): Schedule {
  return schedule instanceof RenamedSchedule ? schedule.inner : schedule;
}

class RenamedSchedule implements Schedule {
  readonly algorithm: string;
  readonly collective;
  readonly postcondition;
  readonly root?: number;
  readonly bufferElements?: number;
  readonly nodes: number;
  readonly elements: number;
  readonly steps: number;
  readonly params;
  readonly copies?: (s: number, sink: CopySink) => void;
  readonly fill?: (s: number, out: PackedRecords) => void;
  /** All-gather, reduce-scatter: element ranges renamed block by block (see the file's head). */
  private readonly blocks: boolean;
  private readonly sizes = new Map<number, number>();

  constructor(readonly inner: Schedule, private readonly o: number) {
    this.algorithm = inner.algorithm;
    this.collective = inner.collective;
    this.postcondition = inner.postcondition;
    this.nodes = inner.nodes;
    this.root = inner.root === undefined ? undefined : (inner.root + o) % inner.nodes;
    this.bufferElements = inner.bufferElements;
    this.elements = inner.elements;
    this.steps = inner.steps;
    this.params = { ...inner.params, lineStart: o };
    this.blocks = inner.collective === "allgather" || inner.collective === "reducescatter";
    if (inner.copies) this.copies = (s, sink) => this.renamedCopies(s, sink);
    if (inner.fill && !this.blocks) this.fill = (s, out) => this.renamedFill(s, out);
  }

  stepSize(s: number): number {
    if (!this.blocks) return this.inner.stepSize(s);
    let k = this.sizes.get(s);
    if (k === undefined) {
      k = 0;
      this.emit(s, { add: () => void k!++ });
      this.sizes.set(s, k);
    }
    return k;
  }

  emit(s: number, sink: TransferSink): void {
    const { o, nodes: n } = this;
    this.inner.emit(s, {
      add: (src: number, dst: number, begin: number, end: number, op: Op, pin: Pin, dstBegin?: number) => {
        if (!this.blocks) return sink.add((src + o) % n, (dst + o) % n, begin, end, op, pin, dstBegin);
        if (dstBegin !== undefined && dstBegin !== begin) throw new Error("renamed blocks: a transfer that writes elsewhere");
        for (const [b, e] of this.blockRanges(begin, end)) sink.add((src + o) % n, (dst + o) % n, b, e, op, pin);
      },
    });
  }

  /** The real element ranges of the plan's [begin, end), a run of whole blocks (one range, or two across the end). */
  private blockRanges(begin: number, end: number): [number, number][] {
    if (begin === end) return [[begin, end]];
    const { o, nodes: n, elements: E } = this;
    const first = this.blockAt(begin);
    const last = this.blockAt(end) - 1;
    const a = (first + o) % n;
    const z = (last + o) % n;
    if (a <= z) return [[chunkBegin(a, E, n), chunkBegin(z + 1, E, n)]];
    return [[chunkBegin(a, E, n), E], [0, chunkBegin(z + 1, E, n)]];
  }

  /** The block that starts at element `x` (the plan moves whole blocks). */
  private blockAt(x: number): number {
    const { nodes: n, elements: E } = this;
    const q = Math.floor(E / n);
    const r = E - q * n;
    const p = x < r * (q + 1) ? Math.floor(x / (q + 1)) : r + Math.floor((x - r * (q + 1)) / Math.max(q, 1));
    if (x !== E && chunkBegin(p, E, n) !== x) throw new InputError("cut", x, "a plan that moves whole blocks", `a plan on a cut ring moves part of a block (element ${x}); its blocks cannot be renamed`);
    return x === E ? n : p;
  }

  private renamedCopies(s: number, sink: CopySink): void {
    const { o, nodes: n } = this;
    if (this.blocks) throw new Error("renamed blocks: local copies");
    this.inner.copies?.(s, { copy: (node, from, to, length, op) => sink.copy((node + o) % n, from, to, length, op) });
  }

  /** The packed form renamed in place after the inner schedule wrote it. */
  private renamedFill(s: number, out: PackedRecords): void {
    (this.inner.fill as NonNullable<Schedule["fill"]>)(s, out);
    const { o, nodes: n } = this;
    let w = out.at;
    for (let j = 0; j < this.inner.stepSize(s); j++) {
      out.i32[w] = (out.i32[w] + o) % n;
      out.i32[w + 1] = (out.i32[w + 1] + o) % n;
      w += out.stride;
      if (w === out.end) w = out.base;
    }
  }
}

/**
 * Builds `build(net)` on the line of a cut ring when the algorithm plans groups on the ring;
 * a root (broadcast, reduce) is named in real nodes and passed to `build` in line positions.
 */
export function planOnLine(net: Network, algorithm: string, root: number | undefined, build: (net: Network, root: number | undefined) => Schedule): Schedule {
  if (!PLANS_ON_LINE.has(algorithm) || !damaged(net)) return build(net, root);
  const o = lineOffset(net);
  const n = net.nodes;
  const inner = build(rotatedRing(net as OpticalRing, o), root === undefined ? undefined : (((root - o) % n) + n) % n);
  return (net as OpticalRing).ringCuts.empty ? inner : renamed(inner, o);
}

/** The network a plan is derived on: a cut ring turned so that its first cut sits at the seam. */
export function planningNetwork(net: Network): Network {
  if (!damaged(net)) return net;
  return rotatedRing(net as OpticalRing, lineOffset(net));
}
