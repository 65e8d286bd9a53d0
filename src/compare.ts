// Algorithms x workloads x networks, with WRHT's reduction against each and nccl-tests style
// bandwidths. WRHT's reference run for a workload is WRHT on the first optical network compared
// (the paper's claim is optical WRHT against everything), or on the row's own network if no
// optical network is in the comparison.
import { algorithmNames } from "./algorithms/index.js";
import { type RunConfig, buildNetwork, parseRunConfig, simulateConfig } from "./config/runConfig.js";
import { findPreset } from "./config/presets.js";
import { InputError } from "./errors.js";
import { MODELS, findModel } from "./workload/models.js";
import { formatBytes } from "./units.js";

export interface CompareOptions {
  /** Preset names or network types (optical-ring, star, leaf-spine). */
  networks: string[];
  algorithms: string[];
  /** Model names, or sizes with units. */
  workloads: { kind: "model" | "size"; value: string }[];
  /** Settings applied to every network (override the presets). */
  settings: Record<string, unknown>;
  fieldName?: (key: string) => string;
  onRow?: (row: CompareRow) => void;
}

export interface CompareRow {
  network: string;
  networkType: string;
  nodes: number;
  workload: string;
  size: number;
  algorithm: string;
  time: number;
  closedForm: number;
  steps: number;
  transfers: number;
  peakWavelengths: number;
  params: Record<string, number | string | boolean>;
  /** 100 * (1 - T_wrht / T): how much less time the reference WRHT run takes. */
  wrhtReduction: number | null;
  /** Bytes per second: size / time. */
  algbw: number;
  /** algbw * 2(N-1)/N, the per-node link traffic rate of an all-reduce (nccl-tests). */
  busbw: number;
}

export function allWorkloads(): CompareOptions["workloads"] {
  return MODELS.map((m) => ({ kind: "model" as const, value: m.name }));
}

/** The settings of one network of the comparison. */
function networkConfig(network: string, workload: CompareOptions["workloads"][number], algorithm: string, o: CompareOptions): RunConfig {
  const base = findPreset(network) ? { preset: network } : { network };
  const load = workload.kind === "model" ? { model: workload.value } : { size: workload.value };
  return parseRunConfig({ ...base, ...o.settings, ...load, algorithm }, o.fieldName);
}

export function compare(o: CompareOptions): CompareRow[] {
  const name = o.fieldName ?? ((k: string) => k);
  for (const a of o.algorithms) if (!algorithmNames().includes(a)) throw new InputError(name("algorithms"), a, `names from ${algorithmNames().join(", ")}`);
  for (const w of o.workloads) if (w.kind === "model" && !findModel(w.value)) throw new InputError(name("models"), w.value, `names from ${MODELS.map((m) => m.name).join(", ")}`);
  // validate every network setting before any work
  for (const n of o.networks) networkConfig(n, o.workloads[0], o.algorithms[0], o);

  const rows: CompareRow[] = [];
  for (const workload of o.workloads) {
    const batch: CompareRow[] = [];
    for (const network of o.networks) {
      for (const algorithm of o.algorithms) {
        const cfg = networkConfig(network, workload, algorithm, o);
        const net = buildNetwork(cfg);
        const r = simulateConfig(cfg, { network: net });
        const algbw = r.size / r.time;
        batch.push({
          network,
          networkType: net.kind,
          nodes: net.nodes,
          workload: workload.kind === "model" ? workload.value : formatBytes(r.size),
          size: r.size,
          algorithm,
          time: r.time,
          closedForm: r.closedForm ?? NaN,
          steps: r.steps,
          transfers: r.transfers,
          peakWavelengths: r.peakWavelengths,
          params: r.params,
          wrhtReduction: null,
          algbw,
          busbw: (algbw * 2 * (net.nodes - 1)) / net.nodes,
        });
      }
    }
    const optical = batch.find((r) => r.algorithm === "wrht" && r.networkType === "optical-ring");
    for (const row of batch) {
      const ref = optical ?? batch.find((r) => r.algorithm === "wrht" && r.network === row.network);
      row.wrhtReduction = ref ? 100 * (1 - ref.time / row.time) : null;
      rows.push(row);
      o.onRow?.(row);
    }
  }
  return rows;
}
