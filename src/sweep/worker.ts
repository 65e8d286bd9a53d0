// Piscina worker: simulates one sweep point and returns its result cells. Errors become a row
// with status "error", so one bad point never stops the sweep.
import { buildNetwork, parseRunConfig, simulateConfig, workloadOf } from "../config/runConfig.js";
import type { Cell } from "./rows.js";

export interface PointTask {
  settings: Record<string, string | number | boolean>;
  axisNames: string[];
}

export default function runPoint({ settings, axisNames }: PointTask): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  try {
    const cfg = parseRunConfig(settings);
    for (const k of axisNames) out[k] = normalise((cfg as Record<string, unknown>)[k] ?? settings[k]);
    const network = buildNetwork(cfg);
    const w = workloadOf(cfg);
    out.algorithm = cfg.algorithm;
    out.network = network.kind;
    out.nodes = cfg.nodes;
    out.size = w.size;
    const r = simulateConfig(cfg, { network });
    Object.assign(out, {
      status: "ok", time: r.time, closedForm: r.closedForm, steps: r.steps, transfers: r.transfers, bytesMoved: r.bytesMoved,
      waitTime: r.waitTime, peakWavelengths: r.peakWavelengths, maxHops: r.maxHops, maxHopLossDb: r.maxHopLossDb,
      params: JSON.stringify(r.params), error: null,
    });
  } catch (e) {
    for (const k of axisNames) if (!(k in out)) out[k] = settings[k];
    out.status = "error";
    out.error = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  }
  return out;
}

function normalise(v: unknown): Cell {
  return typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : v === undefined ? null : String(v);
}
