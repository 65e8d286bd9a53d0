// Training iterations compared: models x strategies x algorithms x device speeds x bucket sizes
// on one or more networks (each a preset or type with settings of its own, as in `compare`), each
// row's iteration against WRHT's on the first optical network for the same model, strategy,
// device speed and bucket size. By default every algorithm that implements all the collectives a
// strategy issues is compared; per-collective choices (`allgather=rd,reducescatter=rh`) apply to
// every row of a strategy that issues those collectives.
import { type NetworkColumns, type NetworkEntry, parseNetworkEntry } from "./compare.js";
import { findPreset } from "../config/presets.js";
import { type NetworkType, appliesToNetwork } from "../config/applicability.js";
import { STRATEGY_COLLECTIVES, type TrainConfig, algorithmsImplementing, labelOf, parseCollectiveAlgorithms, parseTrainConfig, strategyAlgorithms, trainConfigured } from "../config/trainConfig.js";
import { closestName } from "../core/suggest.js";
import { buildNetwork } from "../config/runConfig.js";
import { InfeasibleError, InputError } from "../core/errors.js";
import { LimitError } from "./limits.js";
import type { IterationCollective, Strategy } from "../workload/iteration.js";

export interface TrainingCompareOptions {
  networks: (string | NetworkEntry)[];
  models: string[];
  strategies: Strategy[];
  /** Algorithms, each for every collective a strategy issues (default: each that implements them all). */
  algorithms?: string[];
  /** Per-collective algorithms for every row, as `train` takes them: "allgather=rd,reducescatter=rh". */
  collectiveAlgorithms?: string;
  /** Device throughputs, TFLOP/s (default: the one default). */
  deviceTflops?: (number | string)[];
  /** DDP bucket caps, with units (default: DDP's own, 25 MiB with a 1 MiB first bucket). */
  bucketSizes?: string[];
  /** Settings for every network (flags). */
  settings: Record<string, unknown>;
  fieldName?: (key: string) => string;
  /** Called once every cell is validated, with how many there are. */
  onCells?: (cells: number) => void;
  onRow?: (row: TrainingRow) => void;
}

export interface TrainingRow extends NetworkColumns {
  model: string;
  strategy: Strategy;
  /** The algorithm of every collective, or the distinct ones in the order the strategy issues them ("rd+rh"). */
  algorithm: string;
  deviceTflops: number;
  /** DDP's bucket cap, bytes, and as given ("25MiB", the default included); null for FSDP. */
  bucketBytes: number | null;
  bucketSize: string | null;
  /** "infeasible": the algorithm cannot run on this network; "too large": beyond the transfer or memory limit. */
  status: "ok" | "infeasible" | "too large";
  error: string | null;
  /** Seconds. */
  iteration: number | null;
  compute: number | null;
  communication: number | null;
  exposed: number | null;
  overlap: number | null;
  /** Joules of the iteration: dynamic + static, and each. */
  energy: number | null;
  energyDynamic: number | null;
  energyStatic: number | null;
  /** What `reduction` is measured against, and 100 x (1 - T_baseline / T_row), percent. */
  baseline: string | null;
  reduction: number | null;
}

/** DDP's default cap as people write it. */
const DEFAULT_BUCKET_TEXT = "25MiB";

/**
 * The rows' algorithm choices for a strategy: the per-collective choices that apply to it, and for
 * the collectives left open each algorithm given (or, by default, each that implements them all),
 * one row per distinct combination.
 */
function choicesFor(strategy: Strategy, o: TrainingCompareOptions, all: Map<IterationCollective, string>): { algorithm: string; collectiveAlgorithms?: string }[] {
  const issued = STRATEGY_COLLECTIVES[strategy];
  const overrides = new Map([...all].filter(([c]) => issued.includes(c)));
  const open = issued.filter((c) => !overrides.has(c));
  const implementing = open.length === 0 ? [] : algorithmsImplementing(open);
  // with one strategy an algorithm that does not fit is kept, to be refused with its reason
  const candidates =
    open.length === 0 ? [overrides.get(issued[0]) as string] : o.algorithms ? o.algorithms.filter((a) => o.strategies.length === 1 || implementing.includes(a)) : implementing;
  const own = [...overrides.entries()].map(([c, a]) => `${c}=${a}`).join(",");
  const seen = new Set<string>();
  const out: { algorithm: string; collectiveAlgorithms?: string }[] = [];
  for (const algorithm of candidates) {
    const label = labelOf(issued.map((c) => overrides.get(c) ?? algorithm));
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ algorithm, ...(own ? { collectiveAlgorithms: own } : {}) });
  }
  return out;
}

export function compareTraining(o: TrainingCompareOptions): TrainingRow[] {
  const name = o.fieldName ?? ((k: string) => k);
  const entries = o.networks.map((n) => (typeof n === "string" ? parseNetworkEntry(n, name("networks")) : n));
  if (entries.length === 0) throw new InputError(name("networks"), "", "at least one network");
  if (o.models.length === 0) throw new InputError(name("models"), "", "at least one model or layer file");
  if (o.algorithms?.length === 0) throw new InputError(name("algorithms"), "", "at least one algorithm");
  if (o.strategies.length === 0) throw new InputError(name("strategy"), "", "ddp, fsdp or both");
  // every per-collective choice must name a collective some strategy compared issues
  const issuedByAny = [...new Set(o.strategies.flatMap((s) => STRATEGY_COLLECTIVES[s]))];
  const perCollective = parseCollectiveAlgorithms(o.collectiveAlgorithms, issuedByAny, o.strategies.join(" and "), name("collectiveAlgorithms"));
  const labelOfEntry = (e: NetworkEntry) => e.label ?? (Object.keys(e.settings).length === 0 ? e.base : `${e.base} (${Object.entries(e.settings).map(([k, v]) => `${k}=${v}`).join(", ")})`);
  const tflops = o.deviceTflops ?? [undefined];
  const buckets: (string | undefined)[] = o.bucketSizes ?? [undefined];
  interface Case { model: string; strategy: Strategy; t: number | string | undefined; b: string | undefined; entry: NetworkEntry; algorithm: string; collectiveAlgorithms?: string }
  const cases: Case[] = [];
  for (const model of o.models) for (const strategy of o.strategies) for (const t of tflops) for (const b of buckets) {
    if (strategy === "fsdp" && b !== buckets[0]) continue; // FSDP has no buckets: one row per other setting
    const choices = choicesFor(strategy, o, perCollective);
    for (const entry of entries) for (const c of choices) cases.push({ model, strategy, t, b: strategy === "ddp" ? b : undefined, entry, ...c });
  }
  // with several strategies an algorithm given may fit only some (its rows are those), but not none
  for (const a of o.algorithms ?? []) {
    if (o.strategies.length > 1 && !cases.some((c) => c.algorithm === a)) {
      const any = [...new Set(o.strategies.flatMap(strategyAlgorithms))];
      throw new InputError(name("algorithms"), a, `an algorithm of ${o.strategies.join(" or ")}: ${any.join(", ")}`, undefined, closestName(a, any));
    }
  }
  // every cell's settings, validated before any work
  const configs: TrainConfig[] = cases.map((c) => {
    const preset = findPreset(c.entry.base);
    const where = preset ? { preset: c.entry.base } : { network: c.entry.base };
    const type = (preset ? preset.settings.network : c.entry.base) as NetworkType;
    const global = Object.fromEntries(Object.entries(o.settings).filter(([k]) => appliesToNetwork(k, type)));
    return parseTrainConfig(
      { ...where, ...global, ...c.entry.settings, model: c.model, strategy: c.strategy, algorithm: c.algorithm, collectiveAlgorithms: c.collectiveAlgorithms, deviceTflops: c.t, bucketSize: c.b },
      (k) => (k in c.entry.settings ? `${name("networks")} ${labelOfEntry(c.entry)}: ${k}` : k === "algorithm" ? name("algorithms") : name(k)),
    );
  });
  o.onCells?.(cases.length);
  const firstOptical = cases.find((_, i) => configs[i].run.network === "optical-ring")?.entry;
  const rows: TrainingRow[] = cases.map((c, i) => {
    const cfg = configs[i];
    const network = buildNetwork(cfg.run);
    const ddp = cfg.strategy === "ddp";
    const row: TrainingRow = {
      network: labelOfEntry(c.entry), networkType: cfg.run.network, nodes: cfg.run.nodes, injectionBandwidth: network.injectionBandwidth, model: cfg.model.name, strategy: cfg.strategy,
      algorithm: labelOf(STRATEGY_COLLECTIVES[cfg.strategy].map((x) => cfg.algorithms[x])), deviceTflops: cfg.deviceTflops,
      bucketBytes: ddp ? (cfg.bucketBytes ?? null) : null, bucketSize: ddp ? (cfg.bucketSize ?? DEFAULT_BUCKET_TEXT) : null, status: "ok", error: null,
      iteration: null, compute: null, communication: null, exposed: null, overlap: null, energy: null, energyDynamic: null, energyStatic: null, baseline: null, reduction: null,
    };
    try {
      const r = trainConfigured(cfg, { network, fieldName: name });
      if (ddp) row.bucketBytes = r.bucketBytes ?? null;
      Object.assign(row, { iteration: r.iteration, compute: r.compute, communication: r.communication, exposed: r.exposed, overlap: r.overlap, energy: r.energy.total, energyDynamic: r.energy.dynamic, energyStatic: r.energy.static });
    } catch (e) {
      if (!(e instanceof InfeasibleError)) throw e;
      row.status = e instanceof LimitError ? "too large" : "infeasible";
      row.error = e.message;
    }
    o.onRow?.(row);
    return row;
  });
  // the baseline: WRHT on the first optical network, same model, strategy, device and buckets
  if (firstOptical && rows.some((r) => r.algorithm === "wrht")) {
    const label = `wrht on ${labelOfEntry(firstOptical)}`;
    for (const row of rows) {
      const base = rows.find((b) => b.network === labelOfEntry(firstOptical) && b.algorithm === "wrht" && b.model === row.model && b.strategy === row.strategy && b.deviceTflops === row.deviceTflops && b.bucketSize === row.bucketSize);
      row.baseline = label;
      if (base?.iteration != null && row.iteration !== null) row.reduction = 100 * (1 - base.iteration / row.iteration);
    }
  }
  return rows;
}
