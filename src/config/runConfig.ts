// The settings of one simulation, validated in one place for the CLI, sweep files and the library.
// Keys are flat so a sweep can put an axis on any of them.
import { z } from "zod";
import { algorithmNames } from "../algorithms/index.js";
import { InputError } from "../errors.js";
import type { Network } from "../network/network.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../network/opticalRing.js";
import { DEFAULT_POWER_BUDGET } from "../network/powerBudget.js";
import { bandwidth, byteSize, choice, count, decibels, parseOrThrow, perByteTime, positiveTime } from "./fields.js";

export const DTYPES = { fp32: 4, fp16: 2, bf16: 2, fp64: 8, fp8: 1, int8: 1 } as const;
export type Dtype = keyof typeof DTYPES;

export const MAX_NODES = 1 << 24;

const P = DEFAULT_POWER_BUDGET;
const R = OPTICAL_RING_DEFAULTS;

export const runFields = {
  algorithm: z.string().default("ring"),
  network: choice(["optical-ring"] as const).default("optical-ring"),
  nodes: count(2, MAX_NODES, "a node count").default(1024),
  wavelengths: count(1, 4096, "a wavelength count").default(R.wavelengths),
  direction: choice(["bidirectional", "unidirectional"] as const).default(R.direction),
  bandwidth: bandwidth().default(R.bandwidth),
  alpha: positiveTime().default(R.alpha),
  hopLatency: positiveTime().default(R.hopLatency),
  gamma: perByteTime().default(R.gamma),
  tx: count(0, 1 << 20, "transmitters per node (0 = unlimited)").default(0),
  rx: count(0, 1 << 20, "receivers per node (0 = unlimited)").default(0),
  laserDbm: decibels(-100, 100, "laser power in dBm").default(P.laserDbm),
  sensitivityDbm: decibels(-100, 100, "receiver sensitivity in dBm").default(P.sensitivityDbm),
  modulatorDb: decibels(0, 100, "modulator loss in dB").default(P.modulatorDb),
  dropDb: decibels(0, 100, "drop loss in dB").default(P.dropDb),
  couplerDb: decibels(0, 100, "coupler loss in dB").default(P.couplerDb),
  throughDb: decibels(0, 100, "loss per hop in dB").default(P.throughDbPerHop),
  size: byteSize().optional(),
  elements: count(1, Number.MAX_SAFE_INTEGER, "an element count").optional(),
  params: count(1, Number.MAX_SAFE_INTEGER, "a parameter count").optional(),
  dtype: choice(Object.keys(DTYPES) as [Dtype, ...Dtype[]]).default("fp32"),
  mode: choice(["async", "lockstep"] as const).default("async"),
  engine: choice(["wasm", "js"] as const).default("wasm"),
};

export const runSchema = z.object(runFields).strict();
export type RunConfig = z.output<typeof runSchema>;

export const DEFAULT_SIZE = 100e6;

/** Validates raw settings (strings with units or numbers) into a RunConfig; throws InputError. */
export function parseRunConfig(raw: Record<string, unknown>, fieldName?: (key: string) => string): RunConfig {
  const cfg = parseOrThrow(runSchema, raw, fieldName);
  const name = fieldName ?? ((k: string) => k);
  if (!algorithmNames().includes(cfg.algorithm)) throw new InputError(name("algorithm"), cfg.algorithm, `one of ${algorithmNames().join(", ")}`);
  const given = (["size", "elements", "params"] as const).filter((k) => cfg[k] !== undefined);
  if (given.length > 1) throw new InputError(name(given[1]), raw[given[1]], `only one of ${given.map(name).join(", ")}`);
  if (cfg.size !== undefined && !Number.isInteger(cfg.size / DTYPES[cfg.dtype])) {
    throw new InputError(name("size"), raw.size, `a whole number of ${DTYPES[cfg.dtype]}-byte ${cfg.dtype} elements`);
  }
  return cfg;
}

export interface Workload {
  elements: number;
  elementBytes: number;
  /** Bytes per node's vector, D. */
  size: number;
}

export function workloadOf(cfg: RunConfig): Workload {
  const elementBytes = DTYPES[cfg.dtype];
  const elements = cfg.elements ?? cfg.params ?? (cfg.size ?? DEFAULT_SIZE) / elementBytes;
  return { elements, elementBytes, size: elements * elementBytes };
}

export function buildNetwork(cfg: RunConfig): Network {
  return new OpticalRing({
    nodes: cfg.nodes,
    wavelengths: cfg.wavelengths,
    bandwidth: cfg.bandwidth,
    direction: cfg.direction,
    alpha: cfg.alpha,
    hopLatency: cfg.hopLatency,
    gamma: cfg.gamma,
    tx: cfg.tx,
    rx: cfg.rx,
    power: {
      laserDbm: cfg.laserDbm,
      sensitivityDbm: cfg.sensitivityDbm,
      modulatorDb: cfg.modulatorDb,
      dropDb: cfg.dropDb,
      couplerDb: cfg.couplerDb,
      throughDbPerHop: cfg.throughDb,
    },
  });
}
