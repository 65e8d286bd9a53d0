// The library's front door: build a schedule, run it on an engine, report the result.
import { type Algorithm, type AlgorithmOptions, getAlgorithm, wavelengthsNeeded } from "../algorithms/index.js";
import { stepwiseClosedForm } from "../algorithms/stepwise.js";
import type { OpticalRing } from "../network/opticalRing.js";
import type { EngineName, EngineOutput, Grants, Mode, TransferRecord } from "../engine/engine.js";
import type { EnergyReport } from "../network/energy.js";
import { ReferenceEngine } from "../engine/referenceEngine.js";
import { WasmEngine } from "../engine/wasmEngine.js";
import { z } from "zod";
import { DEFAULT_MAX_MEMORY, DEFAULT_MAX_TRANSFERS, checkLimits, estimateRun } from "./limits.js";
import type { Network } from "../network/network.js";
import type { Schedule } from "../core/schedule.js";
import { byteSize, choice, count, parseOrThrow } from "../validation/fields.js";
import { COLLECTIVES, type Collective, busBandwidthFactor, isRooted } from "../core/collectives.js";
import { InputError } from "../core/errors.js";
import { isDependencySchedule } from "../core/dependencySchedule.js";
import { planPipeline } from "./pipelinePlan.js";
import { planOnLine, planned } from "../algorithms/cutRingPlan.js";
import { type FaultSummary, summarizeFaults } from "../faults/faultSet.js";

export interface SimulateOptions {
  network: Network;
  /** The collective (default all-reduce); a ready-made schedule says its own. */
  collective?: Collective;
  /** An algorithm name from the collective's catalogue, or a ready-made schedule. */
  algorithm: string | Schedule;
  /** Vector length in elements. */
  elements: number;
  /** Bytes per element (default 4, fp32). */
  elementBytes?: number;
  mode?: Mode;
  /** How contention is resolved (default greedy). */
  grants?: Grants;
  engine?: EngineName;
  options?: AlgorithmOptions;
  /** The schedule already built for `algorithm` (to read its parameters first). */
  schedule?: Schedule;
  onTransfer?: (t: TransferRecord) => void;
  /** Refuse runs whose engine would hold more than this many bytes (default 4 GiB). */
  maxMemory?: number;
  /** Refuse runs of more transfers than this (default 1e10, minutes of work). */
  maxTransfers?: number;
  /** How the caller's user names settings (flags on the command line), for refusals that name a way out. */
  fieldName?: (key: string) => string;
  /** Called as the engine works through the schedule: transfers granted so far, and in all. */
  onProgress?: (done: number, total: number) => void;
}

const optionsSchema = z.object({
  elements: count(1, Number.MAX_SAFE_INTEGER, "an element count"),
  elementBytes: count(1, 16, "bytes per element").default(4),
  mode: choice(["async", "lockstep"] as const).default("async"),
  grants: choice(["greedy", "reservation"] as const).default("greedy"),
  engine: choice(["wasm", "js"] as const).default("wasm"),
  collective: choice(COLLECTIVES).default("allreduce"),
  maxMemory: byteSize().default(DEFAULT_MAX_MEMORY),
  maxTransfers: count(1, Number.MAX_SAFE_INTEGER, "a transfer count").default(DEFAULT_MAX_TRANSFERS),
});

export interface SimulationResult {
  /** "none": a schedule file's own postcondition. */
  collective: Collective | "none";
  algorithm: string;
  /** Broadcast and reduce: the root. */
  root?: number;
  params: Record<string, number | string | boolean>;
  nodes: number;
  elements: number;
  elementBytes: number;
  /** Vector size D in bytes. */
  size: number;
  mode: Mode;
  grants: Grants;
  engine: EngineName;
  /** Completion time, seconds. */
  time: number;
  /** nccl-tests' algorithm bandwidth D / time, and bus bandwidth algbw x the collective's factor, bytes/s. */
  algBandwidth: number;
  busBandwidth: number;
  /**
   * Closed-form time without contention, seconds: lockstep for step schedules; for a dependency
   * schedule its critical path (a file) or its estimate (pipelined WRHT). Null for schedules given
   * as objects.
   */
  closedForm: number | null;
  /** Whether the schedule is ordered by dependencies (its `steps` is then its depth). */
  dependencies: boolean;
  steps: number;
  transfers: number;
  bytesMoved: number;
  waitTime: number;
  /**
   * Optical ring: the highest wavelength index first fit granted, plus one (the wavelengths this
   * run touched on its busiest link). Null on electrical networks.
   */
  peakWavelengths: number | null;
  /** Optical ring: the fewest wavelengths with which a lockstep run never waits for one. */
  wavelengthsNeeded: number | null;
  maxHops: number;
  maxHopLossDb: number;
  /** Transceiver retunes (with transceiver limits on an optical ring). */
  retunes: number;
  /** Joules spent, by component, and picojoules per delivered bit. */
  energy: EnergyReport;
  stepTimes: { start: number | null; end: number | null }[];
  network: Record<string, string | number | boolean>;
  /** Bits/s one node can inject at once, and how ("2 directions x 64 wavelengths x 100 Gb/s"). */
  injectionBandwidth: number;
  injection: string;
  /** The faults and variability in force (random ones as drawn), when any. */
  faults?: FaultSummary;
}

export const ENGINES = {
  wasm: () => new WasmEngine(),
  js: () => new ReferenceEngine(),
} as const;

export function buildSchedule(network: Network, algorithm: string, elements: number, elementBytes = 4, options: AlgorithmOptions = {}, collective: Collective = "allreduce"): Schedule {
  checkRoot(network, collective, options.root);
  if (algorithm === "wrht" && collective === "allreduce" && options.chunks === "auto") {
    // pieces and m chosen by simulating the estimate's shortlist (pipelinePlan.ts)
    const p = planPipeline(network, elements, elementBytes, { groupSize: options.groupSize, shortcut: options.shortcut });
    options = { ...options, groupSize: p.groupSize, chunks: p.chunks };
  }
  // WRHT, hring and OpTree plan their groups on the line a cut leaves (cutRingPlan.ts)
  const a = getAlgorithm(algorithm, collective);
  return planOnLine(network, algorithm, options.root, (net, root) => a.build(net, elements, elementBytes, { ...options, root }));
}

/** A root only for broadcast and reduce, and one of the nodes. */
export function checkRoot(network: Network, collective: Collective, root: number | undefined, field: (k: string) => string = (k) => k): void {
  if (root === undefined) return;
  if (!isRooted(collective)) throw new InputError(field("root"), root, "a root only with --collective broadcast or reduce", `${field("root")}: ${root} applies to broadcast and reduce, and this is ${collective}; drop it`);
  if (!Number.isInteger(root) || root < 0 || root >= network.nodes) throw new InputError(field("root"), root, `a node from 0 to ${network.nodes - 1}`);
}

/**
 * The algorithm's closed-form lockstep time without contention, seconds: no simulation (WRHT
 * still derives its plan). Cheap enough to evaluate millions of times in a design-space search.
 */
export function analytic(network: Network, algorithm: string, elements: number, elementBytes = 4, options: AlgorithmOptions = {}, collective: Collective = "allreduce"): number {
  return getAlgorithm(algorithm, collective).analytic(network, elements, elementBytes, options);
}

/** Reservation grants reserve links, and links shared fairly are never reserved: refused, naming the way out. */
export function checkGrants(network: Network, grants: Grants, f: (key: string) => string = (k) => k): void {
  if (grants !== "reservation" || !network.fairSharing()) return;
  throw new InputError(
    f("grants"), "reservation", "greedy grants under fair sharing",
    `${f("grants")}: "reservation" reserves links, and under fair sharing (the default on a ${network.kind}) messages share them and reserve nothing; add ${f("sharing")} exclusive, or drop ${f("grants")}`,
  );
}

/**
 * The lockstep time without contention: the algorithm's formula, or on a damaged network (routes
 * round cuts, slow nodes) the same sum taken transfer by transfer; a dependency schedule keeps
 * its own estimate.
 */
function closedFormOf(algorithm: Algorithm, net: Network, schedule: Schedule, elementBytes: number): number {
  const f = net.faults;
  const damaged = f !== undefined && (f.slow.length > 0 || (net.kind === "optical-ring" && !(net as OpticalRing).ringCuts.empty));
  if (damaged && !isDependencySchedule(schedule)) return stepwiseClosedForm(net, schedule, elementBytes);
  return algorithm.closedForm(net, planned(schedule), elementBytes);
}

/** Runs one simulation; throws InputError for bad options, or a run that would not fit. */
export function simulate(o: SimulateOptions): SimulationResult {
  const { elements, elementBytes, mode, grants, engine: engineName, maxMemory, maxTransfers, collective: asked } = parseOrThrow(optionsSchema, {
    elements: o.elements, elementBytes: o.elementBytes, mode: o.mode, grants: o.grants, engine: o.engine, maxMemory: o.maxMemory, maxTransfers: o.maxTransfers,
    collective: o.collective,
  });
  checkGrants(o.network, grants, o.fieldName);
  const schedule = o.schedule ?? (typeof o.algorithm === "string" ? buildSchedule(o.network, o.algorithm, elements, elementBytes, o.options, asked) : o.algorithm);
  const collective = schedule.collective ?? "allreduce";
  if (isDependencySchedule(schedule) && mode === "lockstep") {
    const f = o.fieldName ?? ((k: string) => k);
    throw new InputError(f("mode"), "lockstep", "async for a dependency schedule", `${f("mode")}: lockstep puts a barrier after each step, and ${schedule.algorithm} is ordered by its dependencies; drop ${f("mode")}`);
  }
  const estimate = estimateRun(o.network, schedule, engineName);
  checkLimits(estimate, engineName, maxMemory, maxTransfers, o.fieldName);
  const faults = o.network.faults;
  const out: EngineOutput = ENGINES[engineName]().run({
    network: o.network, schedule, mode, grants, elementBytes, onTransfer: o.onTransfer, faults, variability: faults,
    onProgress: o.onProgress ? (done) => o.onProgress?.(done, estimate.transfers) : undefined,
  });
  const algorithm = typeof o.algorithm === "string" ? getAlgorithm(o.algorithm, collective) : undefined;
  const closedForm = algorithm ? closedFormOf(algorithm, o.network, schedule, elementBytes) : null;
  const optical = o.network.kind === "optical-ring";
  const size = schedule.elements * elementBytes;
  return {
    collective: schedule.postcondition ? "none" : collective,
    algorithm: schedule.algorithm,
    ...(schedule.root !== undefined ? { root: schedule.root } : {}),
    params: { ...schedule.params },
    nodes: o.network.nodes,
    elements: schedule.elements,
    elementBytes,
    size,
    mode,
    grants,
    engine: engineName,
    time: out.time,
    algBandwidth: size / out.time,
    busBandwidth: (size / out.time) * (schedule.postcondition ? 1 : busBandwidthFactor(collective, o.network.nodes)),
    closedForm,
    dependencies: isDependencySchedule(schedule),
    steps: schedule.steps,
    transfers: out.transfers,
    bytesMoved: out.bytes,
    waitTime: out.waitTime,
    peakWavelengths: optical ? out.peakWavelengths : null,
    wavelengthsNeeded: wavelengthsNeeded(o.network, planned(schedule), algorithm),
    maxHops: out.maxHops,
    maxHopLossDb: o.network.lossDb(Math.min(out.maxHops, o.network.hopLimit < 0 ? out.maxHops : o.network.hopLimit)),
    retunes: out.energySums.retunes,
    energy: o.network.energy(out.energySums, out.bytes, out.time),
    stepTimes: Array.from(out.stepStart, (s, i) => ({
      start: Number.isNaN(s) ? null : s,
      end: Number.isNaN(out.stepEnd[i]) ? null : out.stepEnd[i],
    })),
    network: o.network.describe(),
    injectionBandwidth: o.network.injectionBandwidth,
    injection: o.network.injectionText(),
    ...(faults ? { faults: summarizeFaults(faults) } : {}),
  };
}
