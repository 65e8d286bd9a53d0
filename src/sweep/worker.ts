// Piscina worker: simulates one sweep point and returns its result cells. Errors become a row
// with status "error" ("infeasible" when the algorithm cannot run on that network, "too large"
// beyond the transfer or memory limit: raise maxTransfers or maxMemory in the sweep file), so one
// bad point never stops the sweep.
import type { EnergyReport } from "../network/energy.js";
import { buildNetwork, parseRunConfig, simulateConfig, workloadOf } from "../config/runConfig.js";
import { InfeasibleError } from "../core/errors.js";
import { LimitError } from "../api/limits.js";
import type { Cell } from "./rows.js";
import type { FaultSummary } from "../faults/faultSet.js";
import { loadFileAlgorithms } from "../import/scheduleSource.js";
import { STRATEGY_COLLECTIVES, labelOf, parseTrainConfig, trainConfigured } from "../config/trainConfig.js";

export interface PointTask {
  settings: Record<string, string | number | boolean>;
  axisNames: string[];
}

export default async function runPoint({ settings, axisNames }: PointTask): Promise<Record<string, Cell>> {
  const out: Record<string, Cell> = {};
  try {
    // a user's algorithm (file:PATH) is loaded once per worker thread
    if (typeof settings.algorithm === "string") await loadFileAlgorithms([settings.algorithm]);
    if (settings.strategy !== undefined) return Object.assign(out, trainPoint(settings, axisNames));
    const cfg = parseRunConfig(settings);
    for (const k of axisNames) out[k] = normalise((cfg as Record<string, unknown>)[k] ?? settings[k]);
    const network = buildNetwork(cfg);
    const w = workloadOf(cfg);
    out.collective = cfg.collective;
    out.algorithm = cfg.algorithm;
    out.network = network.kind;
    out.nodes = cfg.nodes;
    out.size = w.size;
    out.dtype = cfg.dtype;
    const r = simulateConfig(cfg, { network });
    Object.assign(out, {
      status: "ok", busBandwidth: r.busBandwidth, time: r.time, closedForm: r.closedForm, steps: r.steps, transfers: r.transfers, bytesMoved: r.bytesMoved,
      waitTime: r.waitTime, peakWavelengths: r.peakWavelengths, wavelengthsNeeded: r.wavelengthsNeeded, maxHops: r.maxHops,
      maxHopLossDb: network.kind === "optical-ring" ? r.maxHopLossDb : null, retunes: r.retunes, ...energyCells(r.energy), pjPerBit: r.energy.pjPerBit,
      energyParts: { ...r.energy.parts, ...r.energy.staticParts }, params: r.params, ...faultCell(r.faults), error: null,
    });
  } catch (e) {
    for (const k of axisNames) if (!(k in out)) out[k] = settings[k] ?? null;
    out.status = e instanceof LimitError ? "too large" : e instanceof InfeasibleError ? "infeasible" : "error";
    out.error = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  }
  return out;
}

/** A training iteration's cells. */
function trainPoint(settings: Record<string, string | number | boolean>, axisNames: string[]): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  const cfg = parseTrainConfig(settings);
  for (const k of axisNames) out[k] = normalise((cfg.run as Record<string, unknown>)[k] ?? settings[k]);
  const network = buildNetwork(cfg.run);
  const r = trainConfigured(cfg, { network });
  const algorithms = labelOf(STRATEGY_COLLECTIVES[r.strategy].map((c) => r.algorithms[c]));
  Object.assign(out, {
    model: r.model, strategy: r.strategy, algorithm: algorithms, network: network.kind, nodes: r.nodes, batch: r.batch, deviceTflops: r.deviceTflops, bucketBytes: r.bucketBytes ?? null,
    status: "ok", iteration: r.iteration, compute: r.compute, communication: r.communication, exposed: r.exposed, overlap: r.overlap, collectives: r.collectives.length,
    transfers: r.transfers, bytesMoved: r.bytesMoved, waitTime: r.waitTime, peakWavelengths: r.peakWavelengths, ...energyCells(r.energy), ...faultCell(r.faults), error: null,
  });
  return out;
}

/** The faults in force as a row cell (lost wavelengths counted, not listed: a row stays one line). */
function faultCell(f: FaultSummary | undefined): Record<string, Cell> {
  if (!f) return {};
  const { lostWavelengths, ...rest } = f;
  return { faults: { ...rest, ...(lostWavelengths ? { lostWavelengths: lostWavelengths.length } : {}) } };
}

/** A run's energy as row cells: total, dynamic and static joules. */
function energyCells(e: EnergyReport): Record<string, Cell> {
  return { energy: e.total, energyDynamic: e.dynamic, energyStatic: e.static };
}

function normalise(v: unknown): Cell {
  return typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : v === undefined ? null : String(v);
}
