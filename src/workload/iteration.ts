// A training iteration as the collectives it issues and the compute around them. A strategy (DDP,
// FSDP) turns a layer-wise model into an ordered list of collective calls, each on a stream with a
// release time, and a rule for the compute timeline given when each call finished. The engine runs
// the calls together (they contend for the same network); the timeline follows from the results.
import type { DependentRelease } from "../core/schedule.js";
import type { LayeredModel } from "./layers.js";

/** The collectives training issues. */
export type IterationCollective = "allreduce" | "allgather" | "reducescatter";


export interface CollectiveCall {
  readonly collective: IterationCollective;
  /** Vector length in elements (the whole layer or bucket; all-gather's output, reduce-scatter's input). */
  readonly elements: number;
  readonly stream: number;
  /** Seconds, or computed from earlier calls' completion times. */
  readonly release: number | DependentRelease;
  /** For people: "bucket 3: layers 45-47", "all-gather h.12 (backward)". */
  readonly label: string;
}

export interface ComputeSlice {
  readonly layer: number;
  readonly name: string;
  readonly pass: "forward" | "backward";
  readonly start: number;
  readonly end: number;
  /** The call (an all-gather of the layer's parameters) it waited for, if any. */
  readonly waitedFor?: number;
}

export interface IterationPlan {
  readonly strategy: Strategy;
  readonly calls: readonly CollectiveCall[];
  /** The compute slices in the order they run, given done(k) for every call. */
  compute(done: (k: number) => number): ComputeSlice[];
}

export const STRATEGIES = ["ddp", "fsdp"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Per-layer forward and backward times, seconds: FLOPs per sample x batch / device FLOP/s. */
export interface LayerTimes {
  readonly forward: readonly number[];
  readonly backward: readonly number[];
  /**
   * Nodes that compute at different speeds (stragglers, compute jitter): node n's slice q takes
   * its time x factor(n, q). Absent: every node computes alike.
   */
  readonly variation?: { readonly nodes: number; factor(node: number, slice: number): number };
}

export function layerTimes(model: LayeredModel, batch: number, flopsPerSecond: number): LayerTimes {
  return {
    forward: model.layers.map((l) => (l.forwardFlops * batch) / flopsPerSecond),
    backward: model.layers.map((l) => (l.backwardFlops * batch) / flopsPerSecond),
  };
}

/**
 * The compute of one device: forward layers 0..L-1, then backward L-1..0, one at a time. Slice q
 * (q < L: forward of layer q; else backward of layer 2L-1-q) starts when the slice before it ended
 * and, if `waitsFor(q)` names a call, when that call is done. Only the calls of slices up to
 * `upTo` are read, so a release rule can ask for a time before later calls are done.
 */
export function computeTimeline(model: LayeredModel, times: LayerTimes, waitsFor: (q: number) => number, done: (k: number) => number, upTo = 2 * model.layers.length - 1): ComputeSlice[] {
  if (times.variation) return variedTimeline(model, times, times.variation, waitsFor, done, upTo);
  const L = model.layers.length;
  const out: ComputeSlice[] = [];
  let end = 0;
  for (let q = 0; q <= upTo; q++) {
    const forward = q < L;
    const layer = forward ? q : 2 * L - 1 - q;
    const k = waitsFor(q);
    const start = k >= 0 ? Math.max(end, done(k)) : end;
    end = start + (forward ? times.forward[layer] : times.backward[layer]);
    out.push({ layer, name: model.layers[layer].name, pass: forward ? "forward" : "backward", start, end, ...(k >= 0 ? { waitedFor: k } : {}) });
  }
  return out;
}

/**
 * The timeline when nodes compute at different speeds: every node runs its own slices (waiting
 * for the same collectives), and a slice starts and ends, for the collectives that need every
 * node, when the last node starts and ends it.
 */
function variedTimeline(model: LayeredModel, times: LayerTimes, v: NonNullable<LayerTimes["variation"]>, waitsFor: (q: number) => number, done: (k: number) => number, upTo: number): ComputeSlice[] {
  const L = model.layers.length;
  const ends = new Float64Array(v.nodes);
  const out: ComputeSlice[] = [];
  for (let q = 0; q <= upTo; q++) {
    const forward = q < L;
    const layer = forward ? q : 2 * L - 1 - q;
    const k = waitsFor(q);
    const gate = k >= 0 ? done(k) : -Infinity;
    const base = forward ? times.forward[layer] : times.backward[layer];
    let start = -Infinity;
    let end = -Infinity;
    for (let n = 0; n < v.nodes; n++) {
      const s = Math.max(ends[n], gate);
      ends[n] = s + base * v.factor(n, q);
      if (s > start) start = s;
      if (ends[n] > end) end = ends[n];
    }
    out.push({ layer, name: model.layers[layer].name, pass: forward ? "forward" : "backward", start, end, ...(k >= 0 ? { waitedFor: k } : {}) });
  }
  return out;
}
