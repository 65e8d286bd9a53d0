// `--chunks auto` for WRHT's all-reduce: the pipeline estimate (src/algorithms/pipelinedWrht.ts)
// is exact when wavelengths are plentiful and optimistic when they are short, so the choice is
// made by simulation where the estimate points: the three group sizes with the least estimates,
// each at its best piece count by estimate and at half and twice it, and the best of them at every
// power of two up to 256 as well. Ties go to fewer pieces, then the smaller m.
import { MAX_AUTO_CHUNKS, pipelineEstimate, pipelineShortlist, pipelinedWrht } from "../algorithms/pipelinedWrht.js";
import { WasmEngine } from "../engine/wasmEngine.js";
import { WrhtAllReduce } from "../algorithms/wrht.js";
import type { Network } from "../network/network.js";

export interface PipelinePlan {
  groupSize: number;
  chunks: number;
  /** The estimate for the choice, and its simulated time (async, greedy grants). */
  estimate: number;
  simulated: number;
  /** Every candidate simulated. */
  shortlist: { groupSize: number; chunks: number; estimate: number; simulated: number }[];
}

export function planPipeline(net: Network, elements: number, elementBytes: number, o: { groupSize?: number; shortcut?: "auto" | "on" | "off" } = {}): PipelinePlan {
  const most = Math.min(MAX_AUTO_CHUNKS, elements);
  const tried = new Map<string, PipelinePlan["shortlist"][number]>();
  const run = (m: number, k: number): number => {
    const key = `${m}/${k}`;
    const seen = tried.get(key);
    if (seen) return seen.simulated;
    const schedule = pipelinedWrht(net, elements, elementBytes, { groupSize: m, chunks: k, shortcut: o.shortcut });
    const simulated = new WasmEngine().run({ network: net, schedule, mode: "async", elementBytes }).time;
    const estimate = schedule instanceof WrhtAllReduce ? schedule.plan.time : pipelineEstimate(net, m, elements, elementBytes, k);
    tried.set(key, { groupSize: m, chunks: k, estimate, simulated });
    return simulated;
  };
  // the estimate's best k for each of its best group sizes and its neighbours k/2 and 2k; for the
  // best of them every power of two as well: contention makes the time jump with k (a star's ports
  // most of all), so a search that stops at the first local minimum misses
  const starts = new Map<number, number>();
  for (const c of pipelineShortlist(net, elements, elementBytes, o)) {
    if (!starts.has(c.groupSize)) starts.set(c.groupSize, c.chunks);
    run(c.groupSize, c.chunks);
  }
  const [first] = starts;
  if (first) for (let k = 1; k <= most; k *= 2) run(first[0], k);
  const shortlist = [...tried.values()];
  let best = shortlist[0];
  for (const c of shortlist) {
    if (c.simulated < best.simulated || (c.simulated === best.simulated && (c.chunks < best.chunks || (c.chunks === best.chunks && c.groupSize < best.groupSize)))) best = c;
  }
  return { groupSize: best.groupSize, chunks: best.chunks, estimate: best.estimate, simulated: best.simulated, shortlist };
}
