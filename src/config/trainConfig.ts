// The settings of one training iteration: a run's network settings plus the model, strategy,
// algorithms, bucket size, device speed and batch. Validated in one place for `train`, compare and
// sweep files (a sweep point that names a strategy is a training iteration).
import { z } from "zod";
import { algorithmNames, getAlgorithm } from "../algorithms/index.js";
import { closestName } from "../core/suggest.js";
import { COLLECTIVES, type Collective } from "../core/collectives.js";
import { InputError, unknownName } from "../core/errors.js";
import { DEFAULT_DEVICE_TFLOPS, type TrainOptions, type TrainResult, train } from "../api/train.js";
import { byteSizeWithUnit, choice, count, numberIn, parseOrThrow } from "../validation/fields.js";
import { type IterationCollective, STRATEGIES, type Strategy } from "../workload/iteration.js";
import { type LayeredModel, layeredModel } from "../workload/layers.js";
import { readLayerFile } from "../workload/layerFile.js";
import { modelNames } from "../workload/models.js";
import type { Network } from "../network/network.js";
import { DTYPES, type RunConfig, algorithmOptionsOf, buildNetwork, parseRunConfig } from "./runConfig.js";

export const trainFields = {
  strategy: choice(STRATEGIES),
  bucketSize: byteSizeWithUnit("a bucket cap with a unit, such as 25MiB (PyTorch's bucket_cap_mb=25) or 50MB; a bare number would be bytes").optional(),
  deviceTflops: numberIn(1e-6, 1e9, "a device throughput in TFLOP/s").optional(),
  batch: count(1, 1e9, "a batch size (samples per device)").optional(),
  /** Per-collective algorithms, "allgather=ring,reducescatter=rh". */
  collectiveAlgorithms: z.string().optional(),
  /** Compute draws from the jitter too (each node's every layer pass). */
  jitterCompute: z.boolean().optional(),
};
const trainSchema = z.object(trainFields);

/** The algorithm every collective of a training iteration uses when none is named. */
export const DEFAULT_TRAIN_ALGORITHM = "wrht";
export const DEFAULT_TRAIN_MODEL = "gpt2-xl";

/** The collectives each strategy issues. */
export const STRATEGY_COLLECTIVES: Readonly<Record<Strategy, readonly IterationCollective[]>> = {
  ddp: ["allreduce"],
  fsdp: ["allgather", "reducescatter"],
};

export interface TrainConfig {
  run: RunConfig;
  model: LayeredModel;
  strategy: Strategy;
  algorithms: Record<IterationCollective, string>;
  /** DDP's bucket cap as the user set it, bytes and as written; undefined: DDP's default (25 MiB, first bucket 1 MiB). */
  bucketBytes?: number;
  bucketSize?: string;
  deviceTflops: number;
  batch: number;
  elementBytes: number;
}

const TRAIN_KEYS = new Set([...Object.keys(trainFields), "model", "algorithm", "collective"]);

/** "wrht" when one algorithm runs every collective, else the distinct ones in order: "rd+rh". */
export function labelOf(algorithms: readonly string[]): string {
  return [...new Set(algorithms)].join("+");
}

/** The algorithms that implement every one of `collectives`, in the catalogue order of the first. */
export function algorithmsImplementing(collectives: readonly IterationCollective[]): string[] {
  const [first, ...rest] = collectives;
  return algorithmNames(first as Collective).filter((a) => rest.every((c) => algorithmNames(c as Collective).includes(a)));
}

/** The algorithms that implement every collective `strategy` issues, in catalogue order. */
export function strategyAlgorithms(strategy: Strategy): string[] {
  return algorithmsImplementing(STRATEGY_COLLECTIVES[strategy]);
}

/**
 * Per-collective algorithms as people write them, "allgather=rd,reducescatter=rh", for the
 * collectives `issued` (what `who` issues); refused naming `field` otherwise.
 */
export function parseCollectiveAlgorithms(text: string | undefined, issued: readonly IterationCollective[], who: string, field: string): Map<IterationCollective, string> {
  const chosen = new Map<IterationCollective, string>();
  for (const part of (text ?? "").split(",").filter((p) => p.trim() !== "")) {
    const m = /^\s*([a-z-]+)\s*=\s*([\w-]+)\s*$/i.exec(part);
    const c = m?.[1].toLowerCase() as IterationCollective | undefined;
    if (!m || !c || !issued.includes(c)) {
      throw new InputError(field, part.trim(), `COLLECTIVE=ALGORITHM pairs for ${issued.join(", ")} (what ${who} issues), comma-separated, e.g. ${issued[0]}=ring`);
    }
    chosen.set(c, m[2]);
  }
  return chosen;
}

/** Validates raw settings (flags or a sweep point) into a TrainConfig; throws InputError. */
export function parseTrainConfig(raw: Record<string, unknown>, fieldName: (key: string) => string = (k) => k): TrainConfig {
  raw = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null));
  const t = parseOrThrow(trainSchema, { ...Object.fromEntries(Object.entries(raw).filter(([k]) => k in trainFields)), strategy: raw.strategy ?? "ddp" }, fieldName);
  if (raw.collective !== undefined) {
    throw new InputError(fieldName("collective"), raw.collective, "no collective: the strategy issues its own", `${fieldName("collective")}: ${JSON.stringify(raw.collective)} does not apply to a training iteration; ${t.strategy} issues ${STRATEGY_COLLECTIVES[t.strategy].join(" and ")}`);
  }
  const issued = STRATEGY_COLLECTIVES[t.strategy];
  const base = raw.algorithm === undefined ? DEFAULT_TRAIN_ALGORITHM : String(raw.algorithm);
  const algorithms = { allreduce: base, allgather: base, reducescatter: base };
  const chosen = parseCollectiveAlgorithms(t.collectiveAlgorithms, issued, t.strategy, fieldName("collectiveAlgorithms"));
  for (const [c, a] of chosen) algorithms[c] = a;
  const given = new Set(chosen.keys());
  for (const c of issued) {
    const name = algorithms[c];
    // a collective's own flag names it: its refusal is the collective's
    if (given.has(c)) {
      getAlgorithm(name, c as Collective, () => fieldName("collectiveAlgorithms"));
      continue;
    }
    if (algorithmNames(c as Collective).includes(name)) continue;
    // --algorithm named it for every collective the strategy issues: offer those that implement them all
    const both = strategyAlgorithms(t.strategy);
    const what = issued.length === 1 ? issued[0] : issued.join(" and ");
    const accepted = `an algorithm that implements ${what} (what ${t.strategy} issues): ${both.join(", ")}`;
    const anywhere = new Set(COLLECTIVES.flatMap((x) => algorithmNames(x)));
    if (!anywhere.has(name)) throw new InputError(fieldName("algorithm"), name, accepted, undefined, closestName(name, both));
    const perCollective = issued.map((x) => `${x}=${algorithmNames(x as Collective)[0]}`).join(",");
    throw new InputError(
      fieldName("algorithm"), name, accepted,
      `${fieldName("algorithm")}: ${JSON.stringify(name)} does not implement ${c}, which ${t.strategy} issues; give one that implements ${what} (${both.join(", ")})` +
        (issued.length > 1 ? ` or name each collective's with ${fieldName("collectiveAlgorithms")} ${perCollective}` : ""),
    );
  }
  // the network and algorithm options, checked as a run of the first collective the strategy issues
  const runRaw = Object.fromEntries(Object.entries(raw).filter(([k]) => !TRAIN_KEYS.has(k)));
  const run = parseRunConfig({ ...runRaw, collective: issued[0], algorithm: algorithms[issued[0]] }, fieldName);
  if (run.mode === "lockstep") throw new InputError(fieldName("mode"), "lockstep", "async (a training iteration's collectives overlap; there is no global step)");
  if (t.jitterCompute) {
    if (run.faults?.jitter === undefined) {
      throw new InputError(fieldName("jitterCompute"), true, "jitter", `${fieldName("jitterCompute")}: draws each layer's compute from the jitter, and none is set; add ${fieldName("jitter")} lognormal:0.1`);
    }
    run.faults = { ...run.faults, jitterCompute: true };
  }
  const model = modelOrFile(raw.model === undefined ? DEFAULT_TRAIN_MODEL : String(raw.model), fieldName("model"));
  const elementBytes = DTYPES[run.dtype];
  const bucketBytes = t.bucketSize;
  if (t.strategy === "ddp" && bucketBytes !== undefined && bucketBytes < elementBytes) {
    throw new InputError(fieldName("bucketSize"), raw.bucketSize, `at least one ${run.dtype} element (${elementBytes} bytes)`);
  }
  if (t.strategy === "fsdp" && raw.bucketSize !== undefined) {
    throw new InputError(fieldName("bucketSize"), raw.bucketSize, "a bucket size only with ddp", `${fieldName("bucketSize")}: ${JSON.stringify(raw.bucketSize)} applies to ddp, and fsdp gathers and scatters layer by layer; drop it`);
  }
  const bucketSize = raw.bucketSize === undefined ? undefined : String(raw.bucketSize).trim();
  return { run, model, strategy: t.strategy, algorithms, bucketBytes, bucketSize, deviceTflops: t.deviceTflops ?? DEFAULT_DEVICE_TFLOPS, batch: t.batch ?? model.batch ?? 1, elementBytes };
}

/** A catalogue model by name, or a YAML/JSON layer file. */
export function modelOrFile(name: string, field: string): LayeredModel {
  const m = layeredModel(name);
  if (m) return m;
  if (/\.(ya?ml|json)$/i.test(name)) return readLayerFile(name, field);
  throw unknownName(field, name, modelNames(), `one of ${modelNames().join(", ")}, or a .yaml/.json file of layers`);
}

/** Simulates the iteration a configuration describes. */
export function trainConfigured(cfg: TrainConfig, extra: Pick<TrainOptions, "onTransfer" | "onSchedules" | "onProgress" | "fieldName"> & { network?: Network } = {}): TrainResult {
  return train({
    network: extra.network ?? buildNetwork(cfg.run),
    model: cfg.model,
    strategy: cfg.strategy,
    algorithms: cfg.algorithms,
    options: algorithmOptionsOf(cfg.run),
    elementBytes: cfg.elementBytes,
    bucketBytes: cfg.bucketBytes,
    deviceTflops: cfg.deviceTflops,
    batch: cfg.batch,
    grants: cfg.run.grants,
    engine: cfg.run.engine,
    maxMemory: cfg.run.maxMemory,
    maxTransfers: cfg.run.maxTransfers,
    onTransfer: extra.onTransfer,
    onSchedules: extra.onSchedules,
    onProgress: extra.onProgress,
    fieldName: extra.fieldName,
  });
}
