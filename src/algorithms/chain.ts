// Chain (pipelined) broadcast and reduce along the ring (Worringen 2003; the pipelined chain of
// MPICH and NCCL's tree-less broadcast). The vector is cut into C chunks. Broadcast: the root sends
// chunk c to root+1 at step c, and node root+j forwards it to root+j+1 at step c+j; reduce runs the
// same pipeline clockwise from root+1 round to the root, each node adding its own part. Both take
// C+N-2 steps of one chunk over one hop. C is chosen for the least closed-form time:
// T(C) = (C + N - 2) d(ceil(E/C)), balancing the pipeline's fill (N-2 extra steps) against the
// per-chunk overhead alpha; about sqrt((N-2) * serialisation(D) / alpha).
import type { Network } from "../network/network.js";
import { InputError } from "../core/errors.js";
import { OP_COPY, OP_REDUCE, PIN_CW, type Schedule, type TransferSink, chunkBegin } from "../core/schedule.js";
import { stepwiseClosedForm } from "./stepwise.js";

export class Chain implements Schedule {
  readonly algorithm = "chain";
  readonly steps: number;
  readonly params: Readonly<Record<string, number>>;

  constructor(
    readonly collective: "broadcast" | "reduce",
    readonly nodes: number,
    readonly elements: number,
    readonly root: number,
    readonly chunks: number,
  ) {
    if (!Number.isInteger(chunks) || chunks < 1 || chunks > elements) throw new InputError("--chunks", chunks, `an integer from 1 to the element count ${elements}`);
    this.steps = chunks + nodes - 2;
    this.params = { chunks };
  }

  /** Hop j (1..N-1): its sender. Broadcast: root+j-1 -> root+j; reduce: root+j -> root+j+1. */
  private hop(j: number): [number, number] {
    const n = this.nodes;
    const from = this.collective === "broadcast" ? this.root + j - 1 : this.root + j;
    return [from % n, (from + 1) % n];
  }

  stepSize(s: number): number {
    // hops j with 0 <= s - (j - 1) < C
    const lo = Math.max(1, s - this.chunks + 2);
    const hi = Math.min(this.nodes - 1, s + 1);
    return Math.max(0, hi - lo + 1);
  }

  emit(s: number, sink: TransferSink): void {
    const op = this.collective === "reduce" ? OP_REDUCE : OP_COPY;
    for (let j = 1; j < this.nodes; j++) {
      const c = s - (j - 1);
      if (c < 0 || c >= this.chunks) continue;
      const [from, to] = this.hop(j);
      sink.add(from, to, chunkBegin(c, this.elements, this.chunks), chunkBegin(c + 1, this.elements, this.chunks), op, PIN_CW);
    }
  }
}

/**
 * On a ring or a star, with E = qC + r: the first r chunks are one element longer, and a step
 * lasts as long as its longest chunk, so the r + N - 2 steps that still carry a long chunk take
 * d(q+1) and the other C - r take d(q): (C + N - 2) d(E/C) when C divides E. Stepwise on a leaf-spine.
 */
export function chainClosedForm(net: Network, collective: "broadcast" | "reduce", elements: number, elementBytes: number, root: number, chunks: number): number {
  const n = net.nodes;
  if (net.kind === "leaf-spine") return stepwiseClosedForm(net, new Chain(collective, n, elements, root, chunks), elementBytes);
  const q = Math.floor(elements / chunks);
  const r = elements - q * chunks;
  const d = (x: number) => net.pathDuration(x * elementBytes, 0, 1, PIN_CW, collective === "reduce");
  return r === 0 ? (chunks + n - 2) * d(q) : (r + n - 2) * d(q + 1) + (chunks - r) * d(q);
}

export interface ChainPlan {
  /** The chosen chunk count and its closed-form time. */
  chunks: number;
  time: number;
  /** The continuous optimum sqrt((N-2) * serialisation / per-chunk cost). */
  ideal: number;
  /** Chunk counts near the choice and a few far from it, with their times, in order. */
  table: { chunks: number; time: number }[];
}

/**
 * The chunk count with the least closed-form time (ties to fewer chunks): every count on a ring or
 * a star, where a time costs a few operations; a grid of counts 10% apart and then every count
 * around the best of them on a leaf-spine, where each time walks the schedule.
 */
export function planChain(net: Network, collective: "broadcast" | "reduce", elements: number, elementBytes: number, root: number): ChainPlan {
  const cap = Math.min(elements, 1 << 16);
  const memo = new Map<number, number>();
  const time = (c: number) => {
    let t = memo.get(c);
    if (t === undefined) memo.set(c, (t = chainClosedForm(net, collective, elements, elementBytes, root, c)));
    return t;
  };
  let candidates: number[];
  if (net.kind !== "leaf-spine") candidates = Array.from({ length: cap }, (_, i) => i + 1);
  else {
    const grid = new Set<number>();
    for (let c = 1; c <= cap; c = Math.max(c + 1, Math.floor(c * 1.1))) grid.add(c);
    grid.add(cap);
    const coarse = [...grid].reduce((b, c) => (time(c) < time(b) ? c : b));
    for (let c = Math.max(1, Math.floor(coarse / 1.1) - 1); c <= Math.min(cap, Math.ceil(coarse * 1.1) + 1); c++) grid.add(c);
    candidates = [...grid].sort((x, y) => x - y);
  }
  let best = candidates[0];
  for (const c of candidates) if (time(c) < time(best)) best = c;
  // d(x) = a + b x: the pipeline's fill against the per-chunk cost
  const reduce = collective === "reduce";
  const perChunk = net.pathDuration(0, 0, 1, PIN_CW, reduce);
  const serial = net.pathDuration(elements * elementBytes, 0, 1, PIN_CW, reduce) - perChunk;
  const ideal = perChunk > 0 ? Math.sqrt(((net.nodes - 2) * serial) / perChunk) : cap;
  const shown = new Set<number>([1, best, cap]);
  for (const f of [0.25, 0.5, 2, 4]) shown.add(Math.min(cap, Math.max(1, Math.round(best * f))));
  for (const c of [best - 1, best + 1]) if (c >= 1 && c <= cap) shown.add(c);
  const table = [...shown].sort((x, y) => x - y).map((c) => ({ chunks: c, time: time(c) }));
  return { chunks: best, time: time(best), ideal, table };
}
