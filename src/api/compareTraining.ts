// Training iterations compared: models x strategies x algorithms x device speeds x bucket sizes
// on one or more networks (each a preset or type with settings of its own, as in `compare`), each
// row's iteration against WRHT's on the first optical network for the same model, strategy,
// device speed and bucket size.
import { type NetworkEntry, parseNetworkEntry } from "./compare.js";
import { findPreset } from "../config/presets.js";
import { type NetworkType, appliesToNetwork } from "../config/applicability.js";
import { parseTrainConfig, trainConfigured } from "../config/trainConfig.js";
import { InfeasibleError, InputError } from "../core/errors.js";
import type { Strategy } from "../workload/iteration.js";

export interface TrainingCompareOptions {
  networks: (string | NetworkEntry)[];
  models: string[];
  strategies: Strategy[];
  algorithms: string[];
  /** Device throughputs, TFLOP/s (default: the one default). */
  deviceTflops?: (number | string)[];
  /** DDP bucket caps (default: 25 MiB). */
  bucketSizes?: (number | string)[];
  /** Settings for every network (flags). */
  settings: Record<string, unknown>;
  fieldName?: (key: string) => string;
  onRow?: (row: TrainingRow) => void;
}

export interface TrainingRow {
  network: string;
  networkType: string;
  nodes: number;
  model: string;
  strategy: Strategy;
  algorithm: string;
  deviceTflops: number;
  bucketBytes: number | null;
  status: "ok" | "infeasible";
  error: string | null;
  /** Seconds. */
  iteration: number | null;
  compute: number | null;
  communication: number | null;
  exposed: number | null;
  overlap: number | null;
  energy: number | null;
  /** What `reduction` is measured against, and 100 x (1 - T_baseline / T_row), percent. */
  baseline: string | null;
  reduction: number | null;
}

export function compareTraining(o: TrainingCompareOptions): TrainingRow[] {
  const name = o.fieldName ?? ((k: string) => k);
  const entries = o.networks.map((n) => (typeof n === "string" ? parseNetworkEntry(n, name("networks")) : n));
  if (entries.length === 0) throw new InputError(name("networks"), "", "at least one network");
  if (o.models.length === 0) throw new InputError(name("models"), "", "at least one model or layer file");
  if (o.algorithms.length === 0) throw new InputError(name("algorithms"), "", "at least one algorithm");
  const labelOf = (e: NetworkEntry) => e.label ?? (Object.keys(e.settings).length === 0 ? e.base : `${e.base} (${Object.entries(e.settings).map(([k, v]) => `${k}=${v}`).join(", ")})`);
  const tflops = o.deviceTflops ?? [undefined];
  const buckets = o.bucketSizes ?? [undefined];
  const cases: { model: string; strategy: Strategy; t: number | string | undefined; b: number | string | undefined; entry: NetworkEntry; algorithm: string }[] = [];
  for (const model of o.models) for (const strategy of o.strategies) for (const t of tflops) for (const b of buckets) {
    if (strategy === "fsdp" && b !== buckets[0]) continue; // FSDP has no buckets: one row per other setting
    for (const entry of entries) for (const algorithm of o.algorithms) cases.push({ model, strategy, t, b: strategy === "ddp" ? b : undefined, entry, algorithm });
  }
  // every cell's settings, validated before any work
  const configs = cases.map((c) => {
    const preset = findPreset(c.entry.base);
    const where = preset ? { preset: c.entry.base } : { network: c.entry.base };
    const type = (preset ? preset.settings.network : c.entry.base) as NetworkType;
    const global = Object.fromEntries(Object.entries(o.settings).filter(([k]) => appliesToNetwork(k, type)));
    return parseTrainConfig(
      { ...where, ...global, ...c.entry.settings, model: c.model, strategy: c.strategy, algorithm: c.algorithm, deviceTflops: c.t, bucketSize: c.b },
      (k) => (k in c.entry.settings ? `${name("networks")} ${labelOf(c.entry)}: ${k}` : k === "algorithm" ? name("algorithms") : k === "strategy" ? name("strategy") : name(k)),
    );
  });
  const firstOptical = cases.find((_, i) => configs[i].run.network === "optical-ring")?.entry;
  const rows: TrainingRow[] = cases.map((c, i) => {
    const cfg = configs[i];
    const row: TrainingRow = {
      network: labelOf(c.entry), networkType: cfg.run.network, nodes: cfg.run.nodes, model: cfg.model.name, strategy: cfg.strategy, algorithm: c.algorithm,
      deviceTflops: cfg.deviceTflops, bucketBytes: cfg.strategy === "ddp" ? cfg.bucketBytes : null, status: "ok", error: null,
      iteration: null, compute: null, communication: null, exposed: null, overlap: null, energy: null, baseline: null, reduction: null,
    };
    try {
      const r = trainConfigured(cfg);
      Object.assign(row, { iteration: r.iteration, compute: r.compute, communication: r.communication, exposed: r.exposed, overlap: r.overlap, energy: r.energy.total });
    } catch (e) {
      if (!(e instanceof InfeasibleError)) throw e;
      row.status = "infeasible";
      row.error = e.message;
    }
    o.onRow?.(row);
    return row;
  });
  // the baseline: WRHT on the first optical network, same model, strategy, device and buckets
  if (firstOptical && o.algorithms.includes("wrht")) {
    const label = `wrht on ${labelOf(firstOptical)}`;
    for (const row of rows) {
      const base = rows.find((b) => b.network === labelOf(firstOptical) && b.algorithm === "wrht" && b.model === row.model && b.strategy === row.strategy && b.deviceTflops === row.deviceTflops && b.bucketBytes === row.bucketBytes);
      row.baseline = label;
      if (base?.iteration != null && row.iteration !== null) row.reduction = 100 * (1 - base.iteration / row.iteration);
    }
  }
  return rows;
}
