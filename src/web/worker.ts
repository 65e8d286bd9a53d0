// The simulation worker: validates settings as the CLI does, runs them through the same library
// and WebAssembly kernel, and keeps the run's lightpaths to answer the page's drawing requests.
// Everything heavy happens here, so the page stays responsive during a run of millions of transfers.
// The page runs two: one for the chosen run and its drawings, one comparing the other algorithms.
/// <reference lib="webworker" />
import { provideKernel } from "./kernelFile.js";
import { InputError } from "../core/errors.js";
import { flagName } from "../validation/fields.js";
import { algorithmOptionsOf, buildNetwork, formatSize, parseRunConfig, simulateConfig, workloadOf, type RunConfig } from "../config/runConfig.js";
import { formatRate } from "../core/units.js";
import { buildSchedule } from "../api/simulate.js";
import type { TransferRecord } from "../engine/engine.js";
import type { Network } from "../network/network.js";
import { estimateRun } from "../api/limits.js";
import { algorithmNames } from "../algorithms/index.js";
import { planGroupSizes, planHops, planWavelengths } from "../algorithms/wrhtPlan.js";
import { OccupancyGrid } from "../plot/occupancy.js";
import { summarizeRun } from "../api/runSummary.js";
import { algorithmTimesChart } from "../plot/charts.js";
import { LightpathStore, STORE_LIMIT } from "./lightpathStore.js";
import type { CompareEntry, PlanView, Reply, Request } from "./protocol.js";

declare const self: DedicatedWorkerGlobalScope;

/** Runs of the compare view larger than this are left to the CLI (seconds each in the page). */
const COMPARE_LIMIT = 20_000_000;

const kernel = WebAssembly.compileStreaming(fetch(new URL("./engine.wasm", import.meta.url))).then(provideKernel);

let store: LightpathStore | undefined;
let stepTimes: { start: number | null; end: number | null }[] = [];
let current = 0;

const post = (r: Reply) => self.postMessage(r);

/** Progress, at most every 100 ms. */
function progress(id: number, phase: string) {
  let last = 0;
  return (done: number, total: number) => {
    const now = performance.now();
    if (now - last < 100 && done < total) return;
    last = now;
    post({ type: "progress", id, phase, done, total, unit: "transfers" });
  };
}

function planView(cfg: RunConfig, net: Network): PlanView {
  const forced = cfg.groupSize !== undefined && cfg.algorithm === "wrht";
  if (cfg.collective === "alltoall") return { forced, note: "WRHT has no all-to-all: the plan covers all-reduce, reduce-scatter, all-gather, broadcast and reduce." };
  const w = workloadOf(cfg);
  const { plan, candidates, nearTies } = planGroupSizes(net, w.size, {
    groupSize: forced ? cfg.groupSize : undefined, shortcut: cfg.shortcut, collective: cfg.collective, elementBytes: w.elementBytes,
  });
  const strip = <T extends { levelNodes?: unknown }>(p: T): Omit<T, "levelNodes"> => {
    const { levelNodes: _, ...rest } = p;
    return rest;
  };
  return {
    forced,
    plan: plan ? (strip(plan) as PlanView["plan"]) : undefined,
    wavelengths: plan ? planWavelengths(plan) : undefined,
    note: plan ? undefined : `no group size is feasible: ${candidates[0]?.problem ?? "the network is too small"}`,
    candidates: candidates.map((c) => ({ groupSize: c.groupSize, time: c.time, feasible: c.feasible, nearTie: nearTies.includes(c), wavelengths: planWavelengths(c), hops: planHops(c), problem: c.problem })),
  };
}

async function run(id: number, settings: Record<string, string>) {
  await kernel;
  const cfg = parseRunConfig(settings, flagName);
  const network = buildNetwork(cfg);
  const w = workloadOf(cfg);
  const schedule = buildSchedule(network, cfg.algorithm, w.elements, w.elementBytes, algorithmOptionsOf(cfg), cfg.collective);
  const optical = network.kind === "optical-ring";
  const kept = new LightpathStore(network.nodes, schedule.steps, optical ? network.hopLimit : -1);
  const total = estimateRun(network, schedule, cfg.engine).transfers;
  const report = progress(id, "Simulating");
  // a run small enough to draw hands every transfer over (and reports progress from them); a
  // larger one runs without (the kernel generates Ring's transfers itself then) and reports
  // progress from the engine, every few million transfers
  const keep = total <= STORE_LIMIT;
  let granted = 0;
  const onTransfer = (t: TransferRecord) => {
    if (optical) kept.add(t);
    if ((++granted & 0xffff) === 0) report(granted, total);
  };
  const result = simulateConfig(cfg, keep ? { network, schedule, onTransfer } : { network, schedule, onProgress: report });
  kept.overflow ||= !keep;
  if (id !== current) return;
  store = kept;
  stepTimes = result.stepTimes;
  let occupancy: { spec: Record<string, unknown>; note: string } | undefined;
  if (optical && !kept.overflow) {
    const grid = new OccupancyGrid(network.nodes, result.time);
    kept.forEach((src, hops, route, start, finish) => grid.add({ src, hops, route, start, finish }));
    occupancy = grid.chart();
  }
  const note = !optical
    ? `The ring drawing and the wavelength heatmap show an optical ring; this run is on an electrical ${network.kind}.`
    : kept.overflow
      ? `${result.transfers.toLocaleString("en-US")} transfers: more than the page keeps for drawing (${STORE_LIMIT.toLocaleString("en-US")}); the numbers are complete, the drawings are off.`
      : undefined;
  post({ type: "result", id, result, summary: summarizeRun(result, cfg), optical, stepCounts: kept.counts(), drawable: optical && !kept.overflow, note, plan: planView(cfg, network), occupancy });
}

/** Every algorithm of the collective on the same network and vector, one after another (each with its default parameters). */
async function compareAll(id: number, settings: Record<string, string>, chosen: { algorithm: string; time: number; transfers: number }) {
  await kernel;
  const cfg = parseRunConfig(settings, flagName);
  const names = algorithmNames(cfg.collective);
  const entries: CompareEntry[] = names.map((algorithm) => ({ algorithm, time: null, note: "waiting" }));
  const network = buildNetwork(cfg);
  const w = workloadOf(cfg);
  for (let i = 0; i < names.length; i++) {
    // between runs, answer the page's drawing requests (and hear of a newer run)
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (id !== current) return;
    const algorithm = names[i];
    if (algorithm === chosen.algorithm) {
      entries[i] = { ...chosen };
      post({ type: "compare", id, entries, done: false });
      continue;
    }
    // a group size forced for the chosen algorithm (wrht or optree) is not the other one's
    const other: RunConfig = { ...cfg, algorithm, groupSize: undefined };
    try {
      const options = algorithmOptionsOf(other);
      const schedule = buildSchedule(network, algorithm, w.elements, w.elementBytes, options, cfg.collective);
      const transfers = estimateRun(network, schedule, "wasm").transfers;
      if (transfers > COMPARE_LIMIT) {
        entries[i] = { algorithm, time: null, transfers, note: `${transfers.toLocaleString("en-US")} transfers: run it from the CLI` };
        continue;
      }
      post({ type: "progress", id, phase: `Comparing: ${algorithm}`, done: i, total: names.length, unit: "algorithms" });
      const r = simulateConfig(other, { network, schedule, engine: "wasm" });
      entries[i] = { algorithm, time: r.time, transfers: r.transfers };
    } catch (e) {
      entries[i] = { algorithm, time: null, note: e instanceof InputError ? e.message : String(e) };
    }
    post({ type: "compare", id, entries, done: false });
  }
  const rows = entries.filter((e): e is CompareEntry & { time: number } => e.time !== null);
  post({ type: "compare", id, entries, done: true, spec: algorithmTimesChart(rows, cfg.collective, subtitleOf(cfg)) });
}

/** "64-node optical ring, 4 wavelengths x 100 Gb/s; 100MB": what every bar shares. */
function subtitleOf(cfg: RunConfig): string {
  const net = buildNetwork(cfg).describe();
  const w = workloadOf(cfg);
  const where = net.type === "optical-ring" ? `${cfg.nodes}-node ${net.direction} optical ring, ${net.wavelengths} wavelengths x ${formatRate(Number(net.bandwidth))}` : `${cfg.nodes} nodes, electrical ${net.type}, ${formatRate(Number(net.bandwidth))} links`;
  return `${where}; ${formatSize(w)} per node; ${cfg.mode}, ${cfg.grants} grants`;
}

self.onmessage = (ev: MessageEvent<Request>) => {
  const m = ev.data;
  const failed = (e: unknown) =>
    post(e instanceof InputError ? { type: "error", id: m.id, message: e.message, field: e.field } : { type: "error", id: m.id, message: e instanceof Error ? e.message : String(e) });
  if (m.type === "run") {
    current = m.id;
    run(m.id, m.settings).catch(failed);
  } else if (m.type === "compare") {
    current = m.id;
    compareAll(m.id, m.settings, m).catch(failed);
  } else if (m.type === "step" && store) {
    const s = Math.max(0, Math.min(store.steps - 1, m.step));
    post({ type: "step", id: m.id, drawing: store.drawing(s, stepTimes[s]?.start ?? null, stepTimes[s]?.end ?? null) });
  }
};
