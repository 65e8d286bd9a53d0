// The settings of one simulation, validated in one place for the CLI, sweep files and the library.
// Keys are flat so a sweep can put an axis on any of them.
import { z } from "zod";
import { getAlgorithm } from "../algorithms/index.js";
import { COLLECTIVES, type Collective, isRooted } from "../core/collectives.js";
import { InfeasibleError, InputError, unknownName } from "../core/errors.js";
import { ELECTRICAL_DEFAULTS, SHARINGS } from "../network/electrical.js";
import { LEAF_SPINE_DEFAULTS, LeafSpine, uplinkFor } from "../network/leafSpine.js";
import type { Network } from "../network/network.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../network/opticalRing.js";
import { DEFAULT_POWER_BUDGET } from "../network/powerBudget.js";
import { Star } from "../network/star.js";
import { type SimulateOptions, type SimulationResult, checkGrants, simulate } from "../api/simulate.js";
import { formatBytes } from "../core/units.js";
import { findModel, modelNames } from "../workload/models.js";
import { MAX_NODES, bandwidth, byteSize, choice, count, countOrAuto, decibels, flag, numberIn, parseOrThrow, perByteTime, positiveTime } from "../validation/fields.js";
import { ELECTRICAL_ENERGY_DEFAULTS, OPTICAL_ENERGY_DEFAULTS, electricalEnergySchema, opticalEnergySchema } from "../network/energy.js";
import { algorithmMismatch, appliesToAlgorithm, appliesToNetwork, networkMismatch } from "./applicability.js";
import { findPreset, presetNames } from "./presets.js";
import { faultFields, faultSpecOf } from "./faultConfig.js";
import { type FaultSet, type FaultSpec, resolveFaults } from "../faults/faultSet.js";

export const DTYPES = { fp32: 4, fp16: 2, bf16: 2, fp64: 8, fp8: 1, int8: 1 } as const;
export type Dtype = keyof typeof DTYPES;

export const NETWORKS = ["optical-ring", "star", "leaf-spine"] as const;

const P = DEFAULT_POWER_BUDGET;
const R = OPTICAL_RING_DEFAULTS;

export const runFields = {
  /** A name for the run, carried into results and ignored by the simulation. */
  label: z.string().optional(),
  preset: z.string().optional(),
  collective: choice(COLLECTIVES).default("allreduce"),
  /** Default: the collective's (DEFAULT_ALGORITHMS). */
  algorithm: z.string().optional(),
  /** Broadcast and reduce: the root node (default 0). */
  root: count(0, MAX_NODES - 1, "a node number").optional(),
  network: choice(NETWORKS).default("optical-ring"),
  nodes: count(2, MAX_NODES, "a node count").default(1024),
  // optical ring
  wavelengths: count(1, 4096, "a wavelength count").default(R.wavelengths),
  direction: choice(["bidirectional", "unidirectional"] as const).default(R.direction),
  hopLatency: positiveTime().default(R.hopLatency),
  laserDbm: decibels(-100, 100, "laser power in dBm").default(P.laserDbm),
  sensitivityDbm: decibels(-100, 100, "receiver sensitivity in dBm").default(P.sensitivityDbm),
  modulatorDb: decibels(0, 100, "modulator loss in dB").default(P.modulatorDb),
  dropDb: decibels(0, 100, "drop loss in dB").default(P.dropDb),
  couplerDb: decibels(0, 100, "coupler loss in dB").default(P.couplerDb),
  throughDb: decibels(0, 100, "loss per hop in dB").default(P.throughDbPerHop),
  routing: choice(["balanced", "clockwise", "adaptive"] as const).default(R.routing),
  tuningTime: positiveTime().default(R.tuningTime),
  regenerate: flag().default(false),
  regenLatency: positiveTime().default(R.regenLatency),
  wallPlugEfficiency: opticalEnergySchema.wallPlugEfficiency.default(OPTICAL_ENERGY_DEFAULTS.wallPlugEfficiency),
  modulatorPj: opticalEnergySchema.modulatorPj.default(OPTICAL_ENERGY_DEFAULTS.modulatorPj),
  receiverPj: opticalEnergySchema.receiverPj.default(OPTICAL_ENERGY_DEFAULTS.receiverPj),
  retuneNj: opticalEnergySchema.retuneNj.default(OPTICAL_ENERGY_DEFAULTS.retuneNj),
  regenPj: opticalEnergySchema.regenPj.default(OPTICAL_ENERGY_DEFAULTS.regenPj),
  laserIdle: opticalEnergySchema.laserIdle.default(OPTICAL_ENERGY_DEFAULTS.laserIdle),
  ringHeaterMw: opticalEnergySchema.ringHeaterMw.default(OPTICAL_ENERGY_DEFAULTS.ringHeaterMw),
  // every network
  bandwidth: bandwidth().default(R.bandwidth),
  alpha: positiveTime().optional(),
  gamma: perByteTime().default(R.gamma),
  tx: count(0, 1 << 20, "transmitters per node (0 = unlimited)").default(0),
  rx: count(0, 1 << 20, "receivers per node (0 = unlimited)").default(0),
  // electrical
  switchLatency: positiveTime().default(ELECTRICAL_DEFAULTS.switchLatency),
  sharing: choice(SHARINGS).default(ELECTRICAL_DEFAULTS.sharing),
  ports: count(1, 1024, "ports per node").default(ELECTRICAL_DEFAULTS.ports),
  serdesPj: electricalEnergySchema.serdesPj.default(ELECTRICAL_ENERGY_DEFAULTS.serdesPj),
  switchPj: electricalEnergySchema.switchPj.default(ELECTRICAL_ENERGY_DEFAULTS.switchPj),
  serdesIdle: electricalEnergySchema.serdesIdle.default(ELECTRICAL_ENERGY_DEFAULTS.serdesIdle),
  switchIdle: electricalEnergySchema.switchIdle.default(ELECTRICAL_ENERGY_DEFAULTS.switchIdle),
  leafSize: count(1, MAX_NODES, "nodes per leaf").default(LEAF_SPINE_DEFAULTS.leafSize),
  spines: count(1, 1 << 16, "a spine count").optional(),
  oversubscription: numberIn(1, 1000, "an oversubscription ratio").default(LEAF_SPINE_DEFAULTS.oversubscription),
  uplinkBandwidth: bandwidth().optional(),
  // workload
  size: byteSize().optional(),
  elements: count(1, Number.MAX_SAFE_INTEGER, "an element count").optional(),
  params: count(1, Number.MAX_SAFE_INTEGER, "a parameter count").optional(),
  model: z.string().optional(),
  dtype: choice(Object.keys(DTYPES) as [Dtype, ...Dtype[]]).default("fp32"),
  // algorithm options
  groupSize: count(2, MAX_NODES, "a WRHT group size").optional(),
  shortcut: choice(["auto", "on", "off"] as const).default("auto"),
  hringGroup: count(1, MAX_NODES, "a hierarchical-ring group size").optional(),
  chunks: countOrAuto(1, Number.MAX_SAFE_INTEGER, "a chunk count").optional(),
  // engine
  mode: choice(["async", "lockstep"] as const).default("async"),
  grants: choice(["greedy", "reservation"] as const).default("greedy"),
  engine: choice(["wasm", "js"] as const).default("wasm"),
  maxMemory: byteSize().optional(),
  maxTransfers: count(1, Number.MAX_SAFE_INTEGER, "a transfer count").optional(),
  // faults and variability (faultConfig.ts)
  ...faultFields,
};

export const runSchema = z.object(runFields).strict();
export type RunConfig = Omit<z.output<typeof runSchema>, "algorithm"> & {
  /** The algorithm, the collective's default when none was given. */
  algorithm: string;
  /** Faults and variability asked for, checked against the network (random ones not yet drawn). */
  faults?: FaultSpec;
  /** The size as the user wrote it (`1GiB`), for display. */
  sizeText?: string;
};

/** The algorithm a run of each collective uses when none is named. */
export const DEFAULT_ALGORITHMS: Readonly<Record<Collective, string>> = {
  allreduce: "ring",
  reducescatter: "ring",
  allgather: "ring",
  alltoall: "pairwise",
  broadcast: "bt",
  reduce: "bt",
};

export const DEFAULT_SIZE = 100e6;

/** Validates raw settings (strings with units or numbers) into a RunConfig; throws InputError. */
export function parseRunConfig(raw: Record<string, unknown>, fieldName: (key: string) => string = (k) => k): RunConfig {
  raw = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null));
  let settings = raw;
  const preset = raw.preset === undefined ? undefined : findPreset(String(raw.preset));
  if (raw.preset !== undefined) {
    if (!preset) throw unknownName(fieldName("preset"), raw.preset, presetNames());
    if (raw.network !== undefined && raw.network !== preset.settings.network) {
      throw new InputError(
        fieldName("network"),
        raw.network,
        `the network of preset ${preset.name} (${preset.settings.network})`,
        `${fieldName("network")}: "${raw.network}" contradicts ${fieldName("preset")} ${preset.name}, which is a ${preset.settings.network} network; give one of them`,
      );
    }
    settings = { ...preset.settings, ...raw };
  }
  const parsed = parseOrThrow(runSchema, settings, fieldName);
  const cfg: RunConfig = { ...parsed, algorithm: parsed.algorithm ?? DEFAULT_ALGORITHMS[parsed.collective] };
  if (typeof settings.size === "string") cfg.sizeText = settings.size.trim();
  getAlgorithm(cfg.algorithm, cfg.collective, fieldName);
  // settings the user gave (not the preset's) must mean something for this network and algorithm
  const where = preset ? `preset ${preset.name} is` : "this run is on";
  for (const key of Object.keys(raw)) {
    if (!appliesToNetwork(key, cfg.network)) throw networkMismatch(key, fieldName(key), raw[key], cfg.network, where);
    if (!appliesToAlgorithm(key, cfg.algorithm)) throw algorithmMismatch(fieldName(key), raw[key], key, cfg.algorithm);
  }
  if (cfg.root !== undefined) {
    if (!isRooted(cfg.collective)) {
      throw new InputError(fieldName("root"), settings.root, "a root only for broadcast and reduce", `${fieldName("root")}: ${JSON.stringify(settings.root)} applies to broadcast and reduce, and this run is ${cfg.collective}; drop it or add ${fieldName("collective")} broadcast`);
    }
    if (cfg.root >= cfg.nodes) throw new InfeasibleError(fieldName("root"), cfg.root, `a node from 0 to ${cfg.nodes - 1}`);
  }
  const given = (["size", "elements", "params", "model"] as const).filter((k) => cfg[k] !== undefined);
  if (given.length > 1) throw new InputError(fieldName(given[1]), settings[given[1]], `only one of ${given.map(fieldName).join(", ")}`);
  if (cfg.model !== undefined && !findModel(cfg.model)) throw unknownName(fieldName("model"), cfg.model, modelNames(), `one of ${modelNames().join(", ")} (see wrht-sim models)`);
  if (cfg.size !== undefined && !Number.isInteger(cfg.size / DTYPES[cfg.dtype])) {
    throw new InputError(fieldName("size"), settings.size, `a whole number of ${DTYPES[cfg.dtype]}-byte ${cfg.dtype} elements`);
  }
  if (cfg.groupSize !== undefined && cfg.groupSize > cfg.nodes) {
    throw new InfeasibleError(fieldName("groupSize"), settings.groupSize, `a WRHT group size from 2 to the node count ${cfg.nodes}`);
  }
  if (raw.tuningTime !== undefined && cfg.tx === 0 && cfg.rx === 0) {
    throw new InputError(
      fieldName("tuningTime"), raw.tuningTime, "a transceiver limit",
      `${fieldName("tuningTime")}: ${JSON.stringify(raw.tuningTime)} applies to tunable transceivers, and this run has unlimited fixed ones; add ${fieldName("tx")} or ${fieldName("rx")}`,
    );
  }
  if (raw.regenLatency !== undefined && !cfg.regenerate) {
    throw new InputError(
      fieldName("regenLatency"), raw.regenLatency, "regeneration",
      `${fieldName("regenLatency")}: ${JSON.stringify(raw.regenLatency)} applies to regenerated lightpaths; add ${fieldName("regenerate")}`,
    );
  }
  if (cfg.chunks !== undefined && cfg.algorithm === "wrht" && cfg.collective !== "allreduce") {
    throw new InputError(fieldName("chunks"), settings.chunks, "pieces for WRHT's all-reduce only", `${fieldName("chunks")}: ${JSON.stringify(settings.chunks)} pipelines WRHT's all-reduce, and this run is ${cfg.collective}; drop it`);
  }
  if (cfg.chunks === "auto" && cfg.algorithm !== "wrht") {
    throw new InputError(fieldName("chunks"), "auto", "a chunk count (auto is for WRHT's all-reduce)", `${fieldName("chunks")}: "auto" chooses WRHT's pieces; ${cfg.algorithm} takes a number, and chooses its own when the flag is left out`);
  }
  if (cfg.grants === "reservation") checkGrants(buildNetwork(cfg), cfg.grants, fieldName);
  if (cfg.hringGroup !== undefined && cfg.nodes % cfg.hringGroup !== 0) {
    throw new InfeasibleError(fieldName("hringGroup"), settings.hringGroup, `a divisor of the node count ${cfg.nodes} (groups must be equal)`);
  }
  cfg.faults = faultSpecOf(cfg, { network: cfg.network, nodes: cfg.nodes, wavelengths: cfg.wavelengths, tx: cfg.tx, rx: cfg.rx }, fieldName);
  return cfg;
}

export interface Workload {
  elements: number;
  elementBytes: number;
  dtype: Dtype;
  /** Bytes per node's vector, D. */
  size: number;
  /** The model's name, when the size comes from the catalogue. */
  model?: string;
  /** The size as the user wrote it, when given as a size. */
  sizeText?: string;
}

export function workloadOf(cfg: RunConfig): Workload {
  const elementBytes = DTYPES[cfg.dtype];
  const model = cfg.model === undefined ? undefined : findModel(cfg.model);
  const elements = cfg.elements ?? cfg.params ?? model?.params ?? (cfg.size ?? DEFAULT_SIZE) / elementBytes;
  return { elements, elementBytes, dtype: cfg.dtype, size: elements * elementBytes, model: model?.name, sizeText: cfg.sizeText };
}

/** The vector size as people should read it: as the user wrote it, else in SI units. */
export function formatSize(w: Workload): string {
  return w.sizeText ?? formatBytes(w.size);
}

/** The faults a configuration asks for, random ones drawn under its seed; undefined when none. */
export function faultsOf(cfg: RunConfig): FaultSet | undefined {
  if (cfg.faults === undefined) return undefined;
  const ring = cfg.network === "optical-ring";
  return resolveFaults(cfg.faults, { nodes: cfg.nodes, ring, bidirectional: !ring || cfg.direction === "bidirectional", wavelengths: ring ? cfg.wavelengths : 1, tx: cfg.tx, rx: cfg.rx });
}

export function buildNetwork(cfg: RunConfig): Network {
  const faults = faultsOf(cfg);
  if (cfg.network === "star") {
    return new Star({
      faults,
      nodes: cfg.nodes, bandwidth: cfg.bandwidth, alpha: cfg.alpha ?? ELECTRICAL_DEFAULTS.alpha,
      switchLatency: cfg.switchLatency, gamma: cfg.gamma, tx: cfg.tx, rx: cfg.rx, serdesPj: cfg.serdesPj, switchPj: cfg.switchPj,
      serdesIdle: cfg.serdesIdle, switchIdle: cfg.switchIdle, sharing: cfg.sharing, ports: cfg.ports,
    });
  }
  if (cfg.network === "leaf-spine") {
    const spines = cfg.spines ?? cfg.leafSize;
    return new LeafSpine({
      faults,
      nodes: cfg.nodes, leafSize: cfg.leafSize, spines, bandwidth: cfg.bandwidth,
      uplinkBandwidth: cfg.uplinkBandwidth ?? uplinkFor(cfg.leafSize, spines, cfg.bandwidth, cfg.oversubscription, cfg.ports),
      alpha: cfg.alpha ?? ELECTRICAL_DEFAULTS.alpha, switchLatency: cfg.switchLatency, gamma: cfg.gamma, tx: cfg.tx, rx: cfg.rx,
      serdesPj: cfg.serdesPj, switchPj: cfg.switchPj, serdesIdle: cfg.serdesIdle, switchIdle: cfg.switchIdle, sharing: cfg.sharing, ports: cfg.ports,
    });
  }
  return new OpticalRing({
    faults,
    nodes: cfg.nodes,
    wavelengths: cfg.wavelengths,
    bandwidth: cfg.bandwidth,
    direction: cfg.direction,
    alpha: cfg.alpha ?? R.alpha,
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
    routing: cfg.routing,
    tuningTime: cfg.tuningTime,
    regenerate: cfg.regenerate,
    regenLatency: cfg.regenLatency,
    energy: {
      wallPlugEfficiency: cfg.wallPlugEfficiency, modulatorPj: cfg.modulatorPj, receiverPj: cfg.receiverPj, retuneNj: cfg.retuneNj, regenPj: cfg.regenPj,
      laserIdle: cfg.laserIdle, ringHeaterMw: cfg.ringHeaterMw,
    },
  });
}

/** Options the algorithm layer takes from a configuration. */
export function algorithmOptionsOf(cfg: RunConfig) {
  return { groupSize: cfg.groupSize, shortcut: cfg.shortcut, hringGroup: cfg.hringGroup, root: cfg.root, chunks: cfg.chunks };
}

/** Simulates the run a configuration describes; `extra` may supply a prebuilt network or schedule. */
export function simulateConfig(cfg: RunConfig, extra: Partial<SimulateOptions> = {}): SimulationResult {
  const w = workloadOf(cfg);
  return simulate({
    network: extra.network ?? buildNetwork(cfg),
    collective: cfg.collective,
    algorithm: cfg.algorithm,
    elements: w.elements,
    elementBytes: w.elementBytes,
    mode: cfg.mode,
    grants: cfg.grants,
    engine: cfg.engine,
    options: algorithmOptionsOf(cfg),
    maxMemory: cfg.maxMemory,
    maxTransfers: cfg.maxTransfers,
    ...extra,
  });
}
