// The settings of one training iteration: a run's network settings plus the model, strategy,
// algorithms, bucket size, device speed and batch. Validated in one place for `train`, compare and
// sweep files (a sweep point that names a strategy is a training iteration).
import { z } from "zod";
import { getAlgorithm } from "../algorithms/index.js";
import type { Collective } from "../core/collectives.js";
import { InputError } from "../core/errors.js";
import { DEFAULT_DEVICE_TFLOPS, type TrainOptions, type TrainResult, train } from "../api/train.js";
import { byteSize, choice, count, numberIn, parseOrThrow } from "../validation/fields.js";
import { DEFAULT_BUCKET_BYTES } from "../workload/ddpBuckets.js";
import { type IterationCollective, STRATEGIES, type Strategy } from "../workload/iteration.js";
import { type LayeredModel, layeredModel } from "../workload/layers.js";
import { readLayerFile } from "../workload/layerFile.js";
import { modelNames } from "../workload/models.js";
import type { Network } from "../network/network.js";
import { DTYPES, type RunConfig, algorithmOptionsOf, buildNetwork, parseRunConfig } from "./runConfig.js";

export const trainFields = {
  strategy: choice(STRATEGIES),
  bucketSize: byteSize().optional(),
  deviceTflops: numberIn(1e-6, 1e9, "a device throughput in TFLOP/s").optional(),
  batch: count(1, 1e9, "a batch size (samples per device)").optional(),
  /** Per-collective algorithms, "allgather=ring,reducescatter=rh". */
  collectiveAlgorithms: z.string().optional(),
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
  bucketBytes: number;
  deviceTflops: number;
  batch: number;
  elementBytes: number;
}

const TRAIN_KEYS = new Set([...Object.keys(trainFields), "model", "algorithm", "collective"]);

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
  const given = new Set<IterationCollective>();
  for (const part of (t.collectiveAlgorithms ?? "").split(",").filter((p) => p.trim() !== "")) {
    const m = /^\s*([a-z-]+)\s*=\s*([\w-]+)\s*$/i.exec(part);
    const c = m?.[1].toLowerCase() as IterationCollective | undefined;
    if (!m || !c || !issued.includes(c)) {
      throw new InputError(fieldName("collectiveAlgorithms"), part.trim(), `COLLECTIVE=ALGORITHM pairs for ${issued.join(", ")} (what ${t.strategy} issues), comma-separated, e.g. ${issued[0]}=ring`);
    }
    algorithms[c] = m[2];
    given.add(c);
  }
  for (const c of issued) {
    // a collective's own flag names it; otherwise --algorithm did
    const field = given.has(c) ? () => fieldName("collectiveAlgorithms") : (k: string) => fieldName(k);
    const name = algorithms[c];
    try {
      getAlgorithm(name, c as Collective, field);
    } catch (e) {
      if (e instanceof InputError && !given.has(c)) {
        throw new InputError(field("algorithm"), name, e.accepted, `${field("algorithm")}: ${JSON.stringify(name)} does not implement ${c}, which ${t.strategy} issues; give one that does (${e.accepted.replace(/^one of /, "")}) or set ${fieldName("collectiveAlgorithms")} ${c}=...`);
      }
      throw e;
    }
  }
  // the network and algorithm options, checked as a run of the first collective the strategy issues
  const runRaw = Object.fromEntries(Object.entries(raw).filter(([k]) => !TRAIN_KEYS.has(k)));
  const run = parseRunConfig({ ...runRaw, collective: issued[0], algorithm: algorithms[issued[0]] }, fieldName);
  if (run.mode === "lockstep") throw new InputError(fieldName("mode"), "lockstep", "async (a training iteration's collectives overlap; there is no global step)");
  const model = modelOrFile(raw.model === undefined ? DEFAULT_TRAIN_MODEL : String(raw.model), fieldName("model"));
  const elementBytes = DTYPES[run.dtype];
  const bucketBytes = t.bucketSize ?? DEFAULT_BUCKET_BYTES;
  if (t.strategy === "ddp" && bucketBytes < elementBytes) {
    throw new InputError(fieldName("bucketSize"), raw.bucketSize, `at least one ${run.dtype} element (${elementBytes} bytes)`);
  }
  if (t.strategy === "fsdp" && raw.bucketSize !== undefined) {
    throw new InputError(fieldName("bucketSize"), raw.bucketSize, "a bucket size only with ddp", `${fieldName("bucketSize")}: ${JSON.stringify(raw.bucketSize)} applies to ddp, and fsdp gathers and scatters layer by layer; drop it`);
  }
  return { run, model, strategy: t.strategy, algorithms, bucketBytes, deviceTflops: t.deviceTflops ?? DEFAULT_DEVICE_TFLOPS, batch: t.batch ?? model.batch ?? 1, elementBytes };
}

/** A catalogue model by name, or a YAML/JSON layer file. */
export function modelOrFile(name: string, field: string): LayeredModel {
  const m = layeredModel(name);
  if (m) return m;
  if (/\.(ya?ml|json)$/i.test(name)) return readLayerFile(name, field);
  throw new InputError(field, name, `one of ${modelNames().join(", ")}, or a .yaml/.json file of layers`);
}

/** Simulates the iteration a configuration describes. */
export function trainConfigured(cfg: TrainConfig, extra: Pick<TrainOptions, "onTransfer" | "onSchedules"> & { network?: Network } = {}): TrainResult {
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
    onTransfer: extra.onTransfer,
    onSchedules: extra.onSchedules,
  });
}
