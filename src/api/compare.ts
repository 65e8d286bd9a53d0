// Algorithms x workloads x networks, with each row's time against a baseline run (WRHT on the
// first optical network by default: the paper's claim is optical WRHT against everything) and
// nccl-tests style bandwidths. Every network of a comparison may carry its own settings, and
// a row is labelled with the network actually simulated: its preset or type, plus every setting
// that overrides it.
import { algorithmNames, getAlgorithm } from "../algorithms/index.js";
import { type Collective, busBandwidthFactor } from "../core/collectives.js";
import { type NetworkType, appliesToAlgorithm, appliesToNetwork } from "../config/applicability.js";
import { type RunConfig, buildNetwork, formatSize, parseRunConfig, simulateConfig, workloadOf } from "../config/runConfig.js";
import { findPreset, presetNames } from "../config/presets.js";
import { InfeasibleError, InputError, unknownName } from "../core/errors.js";
import { LimitError } from "./limits.js";
import { runFields } from "../config/runConfig.js";
import { MODELS, findModel } from "../workload/models.js";
import { closestName } from "../core/suggest.js";
import { seedStats } from "../core/seedStats.js";
import { isRandom } from "../faults/faultSet.js";
import type { SimulationResult } from "./simulate.js";
import { flagName } from "../validation/fields.js";

/** One network of a comparison: a preset or network type, and settings of its own. */
export interface NetworkEntry {
  /** Preset name or network type. */
  base: string;
  /** Settings for this network only (run-setting keys), as given. */
  settings: Record<string, string | number>;
  /** A name for its rows (default: the base plus its overrides). */
  label?: string;
}

export interface CompareOptions {
  /** The collective every row runs (default all-reduce). */
  collective?: Collective;
  /** Preset names or network types, each optionally with settings: `star:alpha=5us:nodes=256`. */
  networks: (string | NetworkEntry)[];
  algorithms: string[];
  /** Model names, or sizes with units. */
  workloads: { kind: "model" | "size"; value: string }[];
  /** Settings for every network and algorithm they apply to (each must apply to one at least). */
  settings: Record<string, unknown>;
  /**
   * The run each row is measured against: `ALGORITHM@NETWORK` (a network of the comparison, by
   * label or base) or `ALGORITHM@same` (the algorithm on the row's own network). Default: WRHT on
   * the first optical network, or on each row's own network if none is optical; none if WRHT is
   * not compared.
   */
  baseline?: string;
  fieldName?: (key: string) => string;
  onRow?: (row: CompareRow) => void;
  /**
   * Run every cell once per seed (jitter or random faults must be on): the row's time and energy
   * are the means, with the time's median and 99th percentile.
   */
  seeds?: readonly number[];
}

/** What every comparison row says of its network (compare and compare --strategy alike). */
export interface NetworkColumns {
  /** The network simulated: preset or type, plus the settings that override it. */
  network: string;
  networkType: NetworkType;
  nodes: number;
  /** Bits/s one node can inject at once on this network (optical: every wavelength of both directions). */
  injectionBandwidth: number;
}

export interface CompareRow extends NetworkColumns {
  collective: Collective;
  workload: string;
  /** Vector size D, bytes. */
  size: number;
  dtype: string;
  algorithm: string;
  /** "ok"; "infeasible" when the algorithm cannot run on this network; "too large" beyond the transfer or memory limit (see error). */
  status: "ok" | "infeasible" | "too large";
  error: string | null;
  /** Seconds. */
  time: number | null;
  closedForm: number | null;
  steps: number | null;
  transfers: number | null;
  /** Seconds, summed over transfers. */
  waitTime: number | null;
  /** Optical only: wavelengths first fit touched, and the fewest a lockstep run needs. */
  peakWavelengths: number | null;
  wavelengthsNeeded: number | null;
  maxHops: number | null;
  /** Joules the run spent (dynamic + static), each part, and picojoules per delivered bit. */
  energy: number | null;
  energyDynamic: number | null;
  energyStatic: number | null;
  pjPerBit: number | null;
  /** Transceiver retunes (tunable transceivers only). */
  retunes: number | null;
  params: Record<string, number | string | boolean>;
  /** What `reduction` is measured against, e.g. "wrht on paper-optical". */
  baseline: string | null;
  /** With seeds: the time's median and 99th percentile over the seeds that ran, how many ran, and how many were refused (a cut ring fallen apart). */
  timeP50?: number | null;
  timeP99?: number | null;
  seeds?: number;
  seedsRefused?: number;
  /** 100 * (1 - T_baseline / T): how much less time the baseline run takes, percent. */
  reduction: number | null;
  /** Bytes per second: size / time. */
  algbw: number | null;
  /** algbw x the collective's factor (all-reduce 2(N-1)/N; reduce-scatter, all-gather, all-to-all (N-1)/N; broadcast, reduce 1), nccl-tests' bus bandwidth, bytes/s. */
  busbw: number | null;
}

export function allWorkloads(): CompareOptions["workloads"] {
  return MODELS.map((m) => ({ kind: "model" as const, value: m.name }));
}

const NETWORK_TYPES: readonly NetworkType[] = ["optical-ring", "star", "leaf-spine"];
const KNOWN = new Set(Object.keys(runFields));
/** Keys a network entry may not set: they are the comparison's axes. */
const AXES = new Set(["preset", "network", "algorithm", "collective", "size", "elements", "params", "model", "dtype", "label"]);

/** `star:alpha=5us:nodes=256` -> { base: "star", settings: { alpha: "5us", nodes: "256" } }. */
export function parseNetworkEntry(text: string, field = "--networks"): NetworkEntry {
  const [base, ...pairs] = text.split(":").map((s) => s.trim());
  const settings: Record<string, string> = {};
  let label: string | undefined;
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const key = (eq < 0 ? pair : pair.slice(0, eq)).replace(/^--/, "").replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (eq < 0 || eq === pair.length - 1) throw new InputError(field, text, "entries such as paper-optical or star:alpha=5us:nodes=256 (key=value settings after the network)");
    if (key === "label") {
      label = pair.slice(eq + 1);
      continue;
    }
    if (!KNOWN.has(key) || AXES.has(key)) {
      const typed = pair.slice(0, eq);
      if (AXES.has(key)) throw new InputError(field, text, `network settings after the name (${typed} is not one; workload, algorithm and dtype are set for the whole comparison)`);
      const valid = entryKeys(base);
      const suggestion = closestName(typed, valid);
      throw new InputError(
        field, text, `settings of ${base} after the name: ${valid.join(", ")}`,
        `${field}: ${JSON.stringify(text)}: ${typed} is not a network setting${suggestion ? ` (did you mean ${suggestion}?)` : ""}; ${base} takes ${valid.join(", ")}`,
      );
    }
    settings[key] = pair.slice(eq + 1);
  }
  return { base, settings, label };
}

/** The keys a network entry may set, as flags without dashes (those of its network type when it is known). */
function entryKeys(base: string): string[] {
  const type = (findPreset(base)?.settings.network ?? ((NETWORK_TYPES as readonly string[]).includes(base) ? base : undefined)) as NetworkType | undefined;
  return [...KNOWN].filter((k) => !AXES.has(k) && (type === undefined || appliesToNetwork(k, type))).map((k) => flagName(k).slice(2)).concat("label");
}

function typeOf(entry: NetworkEntry, field: string): NetworkType {
  const preset = findPreset(entry.base);
  if (preset) return preset.settings.network as NetworkType;
  if ((NETWORK_TYPES as readonly string[]).includes(entry.base)) return entry.base as NetworkType;
  throw unknownName(field, entry.base, [...presetNames(), ...NETWORK_TYPES], `a preset (${presetNames().join(", ")}) or a network type (${NETWORK_TYPES.join(", ")})`);
}

interface ResolvedNetwork {
  entry: NetworkEntry;
  type: NetworkType;
  label: string;
  /** Global settings that apply to this network, then its own. */
  settings: Record<string, unknown>;
}

function display(v: unknown): string {
  return typeof v === "string" ? v : String(v);
}

export function compare(o: CompareOptions): CompareRow[] {
  const name = o.fieldName ?? ((k: string) => k);
  const collective = o.collective ?? "allreduce";
  if (o.algorithms.length === 0) throw new InputError(name("algorithms"), "", `at least one of ${algorithmNames(collective).join(", ")}`);
  if (o.workloads.length === 0) throw new InputError(name("models"), "", "at least one model or size");
  for (const a of o.algorithms) getAlgorithm(a, collective, (k) => (k === "algorithm" ? name("algorithms") : name(k)));
  for (const w of o.workloads) if (w.kind === "model" && !findModel(w.value)) throw unknownName(name("models"), w.value, MODELS.map((m) => m.name), `names from ${MODELS.map((m) => m.name).join(", ")}`);
  const entries = o.networks.map((n) => (typeof n === "string" ? parseNetworkEntry(n, name("networks")) : n));
  if (entries.length === 0) throw new InputError(name("networks"), "", "at least one network");

  // every global setting must apply to some network and some algorithm of the comparison
  const types = entries.map((e) => typeOf(e, name("networks")));
  for (const [key, value] of Object.entries(o.settings)) {
    if (!types.some((t) => appliesToNetwork(key, t))) {
      throw new InputError(name(key), value, "a setting of a network compared", `${name(key)}: ${JSON.stringify(value)} applies to none of the networks compared (${types.join(", ")})`);
    }
    if (!o.algorithms.some((a) => appliesToAlgorithm(key, a))) {
      throw new InputError(name(key), value, "a setting of an algorithm compared", `${name(key)}: ${JSON.stringify(value)} is a setting of an algorithm not compared here (${o.algorithms.join(", ")})`);
    }
  }
  const resolved: ResolvedNetwork[] = entries.map((entry, i) => {
    const type = types[i];
    const global = Object.fromEntries(Object.entries(o.settings).filter(([k]) => appliesToNetwork(k, type)));
    const settings = { ...global, ...entry.settings };
    const overrides = Object.entries(settings).filter(([k]) => SCOPED_TO_ALGORITHMS.has(k) === false);
    const label = entry.label ?? (overrides.length === 0 ? entry.base : `${entry.base} (${overrides.map(([k, v]) => `${k}=${display(v)}`).join(", ")})`);
    return { entry, type, label, settings };
  });
  const labels = resolved.map((r) => r.label);
  if (new Set(labels).size < labels.length) throw new InputError(name("networks"), labels.join(","), "networks that differ (give each a label=NAME to tell them apart)");

  const configOf = (net: ResolvedNetwork, workload: CompareOptions["workloads"][number], algorithm: string): RunConfig => {
    const base = findPreset(net.entry.base) ? { preset: net.entry.base } : { network: net.entry.base };
    const load = workload.kind === "model" ? { model: workload.value } : { size: workload.value };
    const mine = Object.fromEntries(Object.entries(net.settings).filter(([k]) => appliesToAlgorithm(k, algorithm)));
    return parseRunConfig({ ...base, ...mine, ...load, algorithm, collective }, (k) => (k in net.entry.settings ? `${name("networks")} ${net.label}: ${k}` : name(k)));
  };
  // validate every network's settings before any work
  for (const net of resolved) for (const a of o.algorithms) configOf(net, o.workloads[0], a);
  if (o.seeds !== undefined) {
    const random = resolved.some((net) => o.algorithms.some((a) => { const f = configOf(net, o.workloads[0], a).faults; return f !== undefined && isRandom(f); }));
    if (!random) throw new InputError(name("seeds"), o.seeds.length, "jitter or random faults to draw", `${name("seeds")}: every seed gives the same result without jitter or random faults; add ${name("jitter")} lognormal:0.1 or ${name("faultRate")} wavelength:0.05`);
  }

  const baseline = resolveBaseline(o.baseline, o.algorithms, resolved, name("baseline"));
  const rows: CompareRow[] = [];
  for (const workload of o.workloads) {
    const batch: CompareRow[] = [];
    for (const net of resolved) {
      for (const algorithm of o.algorithms) {
        const cfg = configOf(net, workload, algorithm);
        const w = workloadOf(cfg);
        const network = buildNetwork(cfg);
        const row: CompareRow = {
          collective,
          network: net.label, networkType: net.type, nodes: cfg.nodes, injectionBandwidth: network.injectionBandwidth, workload: workload.kind === "model" ? workload.value : formatSize(w),
          size: w.size, dtype: cfg.dtype, algorithm, status: "ok", error: null, time: null, closedForm: null, steps: null, transfers: null,
          waitTime: null, peakWavelengths: null, wavelengthsNeeded: null, maxHops: null, energy: null, energyDynamic: null, energyStatic: null, pjPerBit: null, retunes: null, params: {},
          baseline: null, reduction: null, algbw: null, busbw: null,
        };
        if (o.seeds !== undefined) {
          Object.assign(row, overSeeds(cfg, o.seeds, name, collective));
          batch.push(row);
          continue;
        }
        try {
          const r = simulateConfig(cfg, { network, fieldName: name });
          const algbw = r.size / r.time;
          Object.assign(row, {
            time: r.time, closedForm: r.closedForm, steps: r.steps, transfers: r.transfers, waitTime: r.waitTime,
            peakWavelengths: r.peakWavelengths, wavelengthsNeeded: r.wavelengthsNeeded, maxHops: r.maxHops, params: r.params,
            energy: r.energy.total, energyDynamic: r.energy.dynamic, energyStatic: r.energy.static, pjPerBit: r.energy.pjPerBit, retunes: r.retunes,
            algbw, busbw: algbw * busBandwidthFactor(collective, r.nodes),
          });
        } catch (e) {
          // a cell the algorithm cannot run (power budget, no feasible group size) is a row with
          // its reason; bad settings were refused above, before any work
          if (!(e instanceof InfeasibleError)) throw e;
          row.status = e instanceof LimitError ? "too large" : "infeasible";
          row.error = e.message;
        }
        batch.push(row);
      }
    }
    for (const row of batch) {
      if (baseline) {
        const ref = batch.find((r) => r.algorithm === baseline.algorithm && r.network === (baseline.network ?? row.network));
        row.baseline = `${baseline.algorithm} on ${baseline.network ?? row.network}`;
        row.reduction = ref?.time != null && row.time !== null ? 100 * (1 - ref.time / row.time) : null;
      }
      rows.push(row);
      o.onRow?.(row);
    }
  }
  return rows;
}

/** A cell run once per seed: means, the time's quantiles, and the seeds refused. */
function overSeeds(cfg: RunConfig, seeds: readonly number[], name: (k: string) => string, collective: Collective): Partial<CompareRow> {
  const runs: SimulationResult[] = [];
  let refused = 0;
  let error: string | null = null;
  for (const seed of seeds) {
    const c: RunConfig = { ...cfg, faults: { ...cfg.faults, seed } };
    try {
      runs.push(simulateConfig(c, { fieldName: name }));
    } catch (e) {
      if (!(e instanceof InfeasibleError) || e instanceof LimitError) throw e;
      refused++;
      error ??= `seed ${seed}: ${e.message}`;
    }
  }
  if (runs.length === 0) return { status: "infeasible", error, seeds: 0, seedsRefused: refused };
  const t = seedStats(runs.map((r) => r.time));
  const mean = (f: (r: SimulationResult) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  const first = runs[0];
  const algbw = first.size / t.mean;
  return {
    time: t.mean, timeP50: t.p50, timeP99: t.p99, seeds: runs.length, seedsRefused: refused, error,
    closedForm: first.closedForm, steps: first.steps, transfers: first.transfers, waitTime: mean((r) => r.waitTime),
    peakWavelengths: first.peakWavelengths, wavelengthsNeeded: first.wavelengthsNeeded, maxHops: Math.max(...runs.map((r) => r.maxHops)), params: first.params,
    energy: mean((r) => r.energy.total), energyDynamic: mean((r) => r.energy.dynamic), energyStatic: mean((r) => r.energy.static), pjPerBit: mean((r) => r.energy.pjPerBit), retunes: mean((r) => r.retunes),
    algbw, busbw: algbw * busBandwidthFactor(collective, first.nodes),
  };
}

const SCOPED_TO_ALGORITHMS = new Set(["groupSize", "shortcut", "hringGroup", "chunks", "root"]);

interface Baseline {
  algorithm: string;
  /** A network label, or undefined for each row's own network. */
  network?: string;
}

function resolveBaseline(spec: string | undefined, algorithms: string[], nets: ResolvedNetwork[], field: string): Baseline | undefined {
  if (spec === undefined) {
    if (!algorithms.includes("wrht")) return undefined;
    const optical = nets.find((n) => n.type === "optical-ring");
    return { algorithm: "wrht", network: optical?.label };
  }
  const [algorithm, where = "same"] = spec.split("@");
  const accepted = `ALGORITHM@NETWORK or ALGORITHM@same, the algorithm one of those compared (${algorithms.join(", ")}) and the network one of ${nets.map((n) => n.label).join(", ")}`;
  if (!algorithms.includes(algorithm)) throw new InputError(field, spec, accepted);
  if (where === "same") return { algorithm };
  const net = nets.find((n) => n.label === where) ?? nets.find((n) => n.entry.base === where);
  if (!net) throw new InputError(field, spec, accepted);
  return { algorithm, network: net.label };
}
