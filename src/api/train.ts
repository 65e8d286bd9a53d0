// Training iterations: a layer-wise model, a strategy (DDP or FSDP) and a device speed give the
// collectives an iteration issues and when; the engine runs them all in one simulation, on the
// same network, each on its stream; the compute timeline and the iteration's figures follow.
import { z } from "zod";
import type { AlgorithmOptions } from "../algorithms/index.js";
import type { EngineName, EngineOutput, Grants, TransferRecord } from "../engine/engine.js";
import { ScheduleList } from "../engine/schedules.js";
import { InputError } from "../core/errors.js";
import { DEFAULT_MAX_MEMORY, DEFAULT_MAX_TRANSFERS, checkLimits, estimateRun } from "./limits.js";
import type { EnergyReport } from "../network/energy.js";
import type { Network } from "../network/network.js";
import type { Schedule } from "../core/schedule.js";
import { ENGINES, buildSchedule, checkGrants } from "./simulate.js";
import { byteSize, choice, count, numberIn, parseOrThrow } from "../validation/fields.js";
import { DEFAULT_BUCKET_BYTES } from "../workload/ddpBuckets.js";
import { ddpIteration } from "../workload/ddp.js";
import { fsdpIteration } from "../workload/fsdp.js";
import { type CollectiveCall, type ComputeSlice, type IterationCollective, type IterationPlan, type LayerTimes, STRATEGIES, type Strategy, layerTimes } from "../workload/iteration.js";
import { type FaultSet, type FaultSummary, summarizeFaults } from "../faults/faultSet.js";
import { drawIndex } from "../engine/variability.js";
import type { LayeredModel } from "../workload/layers.js";

/**
 * Sustained device throughput when a run does not give one, TFLOP/s: an A100's 312 TFLOP/s dense
 * BF16 peak at 40% model-FLOPs utilisation (large-model training reaches 40-50%: Narayanan et
 * al. 2021, Chowdhery et al. 2022).
 */
export const DEFAULT_DEVICE_TFLOPS = 125;

export interface TrainOptions {
  network: Network;
  model: LayeredModel;
  strategy: Strategy;
  /** The algorithm of each collective the strategy issues. */
  algorithms: Readonly<Record<IterationCollective, string>>;
  options?: AlgorithmOptions;
  /** Bytes per gradient/parameter element (default 4). */
  elementBytes?: number;
  /** DDP's bucket cap in bytes; left out, DDP's default: 25 MiB, with a 1 MiB first bucket. */
  bucketBytes?: number;
  /** Device throughput, TFLOP/s (default DEFAULT_DEVICE_TFLOPS). */
  deviceTflops?: number;
  /** Samples per device per iteration (default: the model's, else 1). */
  batch?: number;
  grants?: Grants;
  engine?: EngineName;
  maxMemory?: number;
  /** Refuse iterations of more transfers than this (default 1e10, minutes of work). */
  maxTransfers?: number;
  /** How the caller's user names settings (flags on the command line), for refusals that name a way out. */
  fieldName?: (key: string) => string;
  /** Called as the engine works through the iteration: transfers granted so far, and in all. */
  onProgress?: (done: number, total: number) => void;
  onTransfer?: (t: TransferRecord) => void;
  /** Called with the schedules and the calls they serve, before the run (traces name them). */
  onSchedules?: (list: ScheduleList, calls: readonly CollectiveCall[]) => void;
}

/** One collective of the iteration. */
export interface CollectiveTiming {
  label: string;
  collective: IterationCollective;
  algorithm: string;
  stream: number;
  elements: number;
  bytes: number;
  /** When it was issued, when its first transfer started and its last finished, seconds. */
  release: number;
  start: number;
  done: number;
  /** done - release: what the iteration saw of it (queueing behind its stream included). */
  time: number;
}

export interface TrainResult {
  model: string;
  strategy: Strategy;
  nodes: number;
  batch: number;
  deviceTflops: number;
  elementBytes: number;
  /** DDP: the bucket cap, bytes. */
  bucketBytes?: number;
  algorithms: Record<IterationCollective, string>;
  /**
   * Seconds: the iteration; compute (forward + backward); communication (the time some transfer
   * is in flight: the union of every step's first start to last finish); exposed (the iteration
   * minus compute: the time the device waits for the network); overlap (the communication that
   * runs while compute runs: communication intersected with the compute slices).
   */
  iteration: number;
  compute: number;
  communication: number;
  exposed: number;
  overlap: number;
  collectives: CollectiveTiming[];
  computeSlices: ComputeSlice[];
  transfers: number;
  bytesMoved: number;
  waitTime: number;
  /** Optical ring: highest wavelength index used, plus one; null on electrical networks. */
  peakWavelengths: number | null;
  energy: EnergyReport;
  /** Bits/s one node can inject at once, and how ("1 port x 100 Gb/s"). */
  injectionBandwidth: number;
  injection: string;
  /** The faults and variability in force (random ones as drawn), when any. */
  faults?: FaultSummary;
}

const schema = z.object({
  strategy: choice(STRATEGIES),
  elementBytes: count(1, 16, "bytes per element").default(4),
  bucketBytes: byteSize().optional(),
  deviceTflops: numberIn(1e-6, 1e9, "a device throughput in TFLOP/s").default(DEFAULT_DEVICE_TFLOPS),
  batch: count(1, 1e9, "a batch size (samples per device)").optional(),
  grants: choice(["greedy", "reservation"] as const).default("greedy"),
  engine: choice(["wasm", "js"] as const).default("wasm"),
  maxMemory: byteSize().default(DEFAULT_MAX_MEMORY),
  maxTransfers: count(1, Number.MAX_SAFE_INTEGER, "a transfer count").default(DEFAULT_MAX_TRANSFERS),
});

/** The strategy's collectives and compute for `o`, without running anything. */
export function planIteration(o: TrainOptions): { plan: IterationPlan; batch: number; settings: z.output<typeof schema> } {
  const p = parseOrThrow(schema, {
    strategy: o.strategy, elementBytes: o.elementBytes, bucketBytes: o.bucketBytes, deviceTflops: o.deviceTflops, batch: o.batch, grants: o.grants, engine: o.engine, maxMemory: o.maxMemory, maxTransfers: o.maxTransfers,
  });
  if (p.strategy === "ddp" && p.bucketBytes !== undefined && p.bucketBytes < p.elementBytes) {
    throw new InputError("bucketBytes", p.bucketBytes, `at least one element (${p.elementBytes} bytes)`, `bucketBytes: ${p.bucketBytes} bytes is smaller than one ${p.elementBytes}-byte element; give at least ${p.elementBytes} bytes`);
  }
  const batch = p.batch ?? o.model.batch ?? 1;
  const times = withVariation(layerTimes(o.model, batch, p.deviceTflops * 1e12), o.network.faults, o.network.nodes, o.model.layers.length);
  const plan = p.strategy === "ddp" ? ddpIteration(o.model, times, p.elementBytes, p.bucketBytes) : fsdpIteration(o.model, times);
  return { plan, batch, settings: p };
}

/**
 * Stragglers compute `factor` times slower; with compute jitter each node's every slice draws a
 * factor from the transfers' jitter table (keyed by node and slice under its own seed stream).
 * Slow nodes alone: the slowest node sets every slice, so the times scale by its factor.
 */
function withVariation(times: LayerTimes, faults: FaultSet | undefined, nodes: number, layers: number): LayerTimes {
  if (!faults || (faults.slow.length === 0 && !(faults.jitterCompute && faults.jitter))) return times;
  const jitter = faults.jitterCompute ? faults.jitter : undefined;
  if (!jitter) {
    const f = Math.max(...faults.slow.map(([, x]) => x));
    return { forward: times.forward.map((t) => t * f), backward: times.backward.map((t) => t * f) };
  }
  // drawn once: FSDP's release rules walk the timeline again for every collective
  const seed = (jitter.seed ^ COMPUTE_SEED_MIX) >>> 0;
  const slices = 2 * layers;
  const factors = new Float64Array(nodes * slices);
  for (let i = 0; i < factors.length; i++) factors[i] = jitter.factors[drawIndex(seed, i, jitter.factors.length)];
  for (const [n, f] of faults.slow) for (let q = 0; q < slices; q++) factors[n * slices + q] *= f;
  return { ...times, variation: { nodes, factor: (n, q) => factors[n * slices + q] } };
}

/** Compute jitter draws from its own stream of the seed (transfers draw by serial from the seed itself). */
const COMPUTE_SEED_MIX = 0x5bd1e995;

/** Simulates one training iteration; throws InputError for bad options. */
export function train(o: TrainOptions): TrainResult {
  const { plan, batch, settings } = planIteration(o);
  const { deviceTflops, elementBytes, bucketBytes, grants, engine, maxMemory, maxTransfers } = settings;
  checkGrants(o.network, grants);
  // one schedule per distinct (collective, size): DDP's buckets are mostly the same size
  const built = new Map<string, Schedule>();
  const scheduleOf = (c: IterationCollective, elements: number): Schedule => {
    const key = `${c}:${elements}`;
    let s = built.get(key);
    if (!s) {
      s = buildSchedule(o.network, o.algorithms[c], elements, elementBytes, o.options, c);
      built.set(key, s);
    }
    return s;
  };
  const list = new ScheduleList(plan.calls.map((c) => ({ schedule: scheduleOf(c.collective, c.elements), stream: c.stream, release: c.release })));
  const estimate = estimateRun(o.network, list.combined, engine);
  checkLimits(estimate, engine, maxMemory, maxTransfers, o.fieldName);
  o.onSchedules?.(list, plan.calls);
  const onProgress = o.onProgress;
  // the size of the work is known before it starts: say so, then as the engine goes
  onProgress?.(0, estimate.transfers);
  const out: EngineOutput = ENGINES[engine]().run({
    network: o.network, schedule: list.combined, schedules: list, mode: "async", grants, elementBytes, onTransfer: o.onTransfer, faults: o.network.faults, variability: o.network.faults,
    onProgress: onProgress ? (done) => onProgress(done, estimate.transfers) : undefined,
  });
  const releases = out.releases ?? Float64Array.of(0);
  const done = out.scheduleDone ?? Float64Array.of(out.time);
  const computeSlices = plan.compute((k) => done[k]);
  const collectives = plan.calls.map((c, k): CollectiveTiming => {
    let start = Infinity;
    const first = list.firstStep[k];
    for (let s = first; s < first + list.entries[k].schedule.steps; s++) if (out.stepStart[s] < start) start = out.stepStart[s];
    return {
      label: c.label, collective: c.collective, algorithm: list.entries[k].schedule.algorithm, stream: c.stream, elements: c.elements, bytes: c.elements * elementBytes,
      release: releases[k], start: start === Infinity ? releases[k] : start, done: done[k], time: done[k] - releases[k],
    };
  });
  const compute = computeSlices.reduce((s, x) => s + (x.end - x.start), 0);
  const computeEnd = computeSlices.length > 0 ? computeSlices[computeSlices.length - 1].end : 0;
  const iteration = Math.max(computeEnd, ...collectives.map((c) => c.done));
  // a step's in-flight interval: from its first transfer's start to its last one's finish
  const active: number[][] = [];
  for (let s = 0; s < out.stepStart.length; s++) if (out.stepEnd[s] > out.stepStart[s]) active.push([out.stepStart[s], out.stepEnd[s]]);
  const busy = union(active);
  const communication = lengthOf(busy);
  const overlap = lengthOf(intersect(busy, union(computeSlices.map((x) => [x.start, x.end]))));
  const exposed = iteration - compute;
  return {
    model: o.model.name, strategy: plan.strategy, nodes: o.network.nodes, batch, deviceTflops, elementBytes,
    ...(plan.strategy === "ddp" ? { bucketBytes: bucketBytes ?? DEFAULT_BUCKET_BYTES } : {}),
    algorithms: { ...o.algorithms },
    iteration, compute, communication, exposed, overlap, collectives, computeSlices,
    transfers: out.transfers, bytesMoved: out.bytes, waitTime: out.waitTime,
    peakWavelengths: o.network.kind === "optical-ring" ? out.peakWavelengths : null,
    // static power over the whole iteration: the network stays on while nodes compute
    energy: o.network.energy(out.energySums, out.bytes, iteration),
    injectionBandwidth: o.network.injectionBandwidth,
    injection: o.network.injectionText(),
    ...(o.network.faults ? { faults: summarizeFaults(o.network.faults) } : {}),
  };
}

/** A union of intervals as sorted, disjoint [start, end] pairs. */
function union(intervals: number[][]): number[][] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: number[][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The intersection of two unions of disjoint sorted intervals. */
function intersect(x: number[][], y: number[][]): number[][] {
  const out: number[][] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = Math.max(x[i][0], y[j][0]);
    const b = Math.min(x[i][1], y[j][1]);
    if (b > a) out.push([a, b]);
    if (x[i][1] < y[j][1]) i++;
    else j++;
  }
  return out;
}

function lengthOf(intervals: number[][]): number {
  return intervals.reduce((s, [a, b]) => s + (b - a), 0);
}
